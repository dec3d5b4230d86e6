package io.switchboard.app.config;

import io.switchboard.core.intake.IntakeRules;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.switchboard.engine.Retention;

/** The whole validated YAML file. {@code intake}: fields per ticket type (never null). */
public record SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
        Retention retention, IntakeRules intake) {
    /** A configuration without intake rules. */
    public SwitchboardConfig(ServerSettings server, SlaConfig sla, RoutingConfig routing, SecuritySettings security,
            Retention retention) {
        this(server, sla, routing, security, retention, IntakeRules.NONE);
    }

    public SwitchboardConfig withSecurity(SecuritySettings replaced) {
        return new SwitchboardConfig(server, sla, routing, replaced, retention, intake);
    }

    public SwitchboardConfig withRetention(Retention replaced) {
        return new SwitchboardConfig(server, sla, routing, security, replaced, intake);
    }
}
