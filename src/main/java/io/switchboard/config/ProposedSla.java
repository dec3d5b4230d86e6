package io.switchboard.config;

import io.switchboard.core.sla.SlaConfig;
import java.util.Set;

/**
 * A proposed SLA configuration given outside the YAML file (the SLA dry-run's body): the
 * {@code calendars} and {@code sla} sections in the YAML's shape, as plain maps and lists (parsed
 * JSON), read and validated by the same code as the file ({@link SlaSection}), so a proposal is
 * accepted exactly when the same sections would start the server.
 */
public final class ProposedSla {
    private ProposedSla() {}

    /**
     * {@code calendars}: the list of calendars (null: only the built-in {@code 24x7});
     * {@code sla}: the {@code sla} map; {@code teams}, {@code queues}: the names the running
     * configuration defines (handoff limits and policy matches may only name those).
     *
     * @throws ConfigException naming the key ({@code calendars[0].zone}, {@code sla.policies[1].targets})
     */
    public static SlaConfig parse(Object calendars, Object sla, Set<String> teams, Set<String> queues) {
        return SlaSection.sla(new ConfigNode("sla", sla), SlaSection.calendars(new ConfigNode("calendars", calendars)),
                teams, queues);
    }
}
