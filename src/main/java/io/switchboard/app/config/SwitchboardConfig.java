package io.switchboard.app.config;

import io.switchboard.core.routing.RoutingConfig;

/** The whole validated YAML file. */
public record SwitchboardConfig(ServerSettings server, RoutingConfig routing) {}
