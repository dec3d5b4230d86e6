package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.EscalationStep;
import io.switchboard.core.sla.SlaPolicy;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.routing.SelectionStrategy;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import java.time.Duration;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String MINIMAL = "skills: [billing]\nteams: [support]\nqueues:\n  - name: billing\n"
            + "    requiredSkills: {billing: 2}\n";

    @Test
    void security_omitted_secureDefaults() {
        SecuritySettings s = ConfigLoader.fromYaml(MINIMAL).security();
        assertThat(s.apiKeys()).isEmpty();
        assertThat(s.issuer()).isEqualTo("switchboard");
        assertThat(s.audience()).isEqualTo("switchboard");
        assertThat(s.leeway()).hasSeconds(30);
        assertThat(s.allowedOrigins()).isEmpty();
        assertThat(s.defaultRate()).isEqualTo(io.switchboard.config.RateLimit.DEFAULT);
    }

    @Test
    void loadTestConfig_loads_withLiftedRateLimit() {
        SwitchboardConfig config = ConfigLoader.load(java.nio.file.Path.of("load-tests/switchboard-load.yaml"));
        assertThat(config.security().defaultRate().perSecond()).isEqualTo(1_000_000);
    }

    @Test
    void demo_loads_withQueuesRulesAndAgents() {
        SwitchboardConfig config = ConfigLoader.loadDemo();
        assertThat(config.routing().queues()).containsKeys("general", "billing", "technical", "vip");
        assertThat(config.routing().defaultQueue()).isEqualTo("general");
        assertThat(config.routing().queues().get("technical").strategy()).isEqualTo(SelectionStrategy.MOST_SKILLED);
        assertThat(config.routing().queues().get("billing").overflow()).first()
                .isEqualTo(new OverflowStep.LowerSkillLevel(120_000, 1));
        assertThat(config.routing().offerTimeout(Channel.EMAIL)).isEqualTo(120_000);
        assertThat(config.routing().offerTimeout(Channel.CHAT)).isEqualTo(30_000);
        assertThat(config.routing().tierHeadStartMillis()).containsEntry(CustomerTier.VIP, 300_000L);
        assertThat(config.routing().priorityHeadStartMillis()).containsEntry(Priority.URGENT, 900_000L);
        assertThat(config.routing().agents()).extracting(a -> a.id()).containsExactly("alice", "bob", "chen");
        assertThat(config.routing().agents().get(2).tier()).isEqualTo(SupportTier.L3);
        assertThat(config.server().wsIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.sla().policies()).extracting(SlaPolicy::name)
                .containsExactly("enterprise", "vip-chat", "vip", "standard-chat", "standard-email");
        assertThat(config.sla().policies().get(3).calendar().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.sla().policies().get(4).escalation()).extracting(EscalationStep::action)
                .containsExactly(EscalationAction.NOTIFY_TEAM_LEAD, EscalationAction.ESCALATE_MANAGER);
        assertThat(config.sla().compensation()).hasSize(2);
        assertThat(config.sla().handoffLimitMillis()).containsEntry("technical", 7_200_000L);
    }

    @Test
    void sla_policyWithoutLadderOrWarnings_getsTheDefaults() {
        SwitchboardConfig config = ConfigLoader.fromYaml(MINIMAL
                + "sla:\n  policies:\n    - name: p\n      targets: {firstResponse: 5m}\n");
        SlaPolicy policy = config.sla().policies().get(0);
        assertThat(policy.warnings()).containsExactly(0.75, 0.9);
        assertThat(policy.escalation()).containsExactly(
                new EscalationStep(600_000, EscalationAction.NOTIFY_TEAM_LEAD),
                new EscalationStep(1_800_000, EscalationAction.ESCALATE_MANAGER));
        assertThat(policy.calendar().isAlwaysOpen()).isTrue();
        assertThat(config.sla().followUpMillis()).isEqualTo(900_000);
        assertThat(config.sla().autoCloseMillis()).isEqualTo(259_200_000L);
    }

    @Test
    void sla_beforeAndAfterSteps_sortedByWhenTheyFire() {
        SwitchboardConfig config = ConfigLoader.fromYaml(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 5m}\n"
                + "      escalation:\n        - {after: 5m, action: reassign}\n        - {before: 1m, action: notify_team_lead}\n"
                + "        - {after: 0s, action: raise_priority}\n");
        assertThat(config.sla().policies().get(0).escalation()).extracting(EscalationStep::afterMillis)
                .containsExactly(-60_000L, 0L, 300_000L);
    }

    @Test
    void routing_exclusionTtlAndUnroutableAfter_readAsDurationsAndBadValueNamesItsKey() {
        SwitchboardConfig config = ConfigLoader.fromYaml(MINIMAL + "routing:\n  exclusionTtl: 90s\n  unroutableAfter: 0s\n");
        assertThat(config.routing().exclusionTtlMillis()).isEqualTo(90_000);
        assertThat(config.routing().unroutableAfterMillis()).isZero();
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "routing:\n  exclusionTtl: soon\n"))
                .hasMessageContaining("routing.exclusionTtl");
    }

    @Test
    void shutdown_gracePeriod_defaultTenSecondsReadAsDurationAndOutOfRangeNamesItsKey() {
        assertThat(ConfigLoader.fromYaml(MINIMAL).shutdown().gracePeriod()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(ConfigLoader.fromYaml(MINIMAL + "shutdown:\n  gracePeriod: 30s\n").shutdown().gracePeriod())
                .isEqualTo(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "shutdown:\n  gracePeriod: 0s\n"))
                .hasMessageContaining("shutdown.gracePeriod").hasMessageContaining("between 1s and 5m");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "shutdown:\n  grace: 5s\n"))
                .hasMessageContaining("shutdown.grace");
    }

    @Test
    void minimal_loads_withDocumentedDefaults() {
        SwitchboardConfig config = ConfigLoader.fromYaml(MINIMAL);
        assertThat(config.routing().defaultQueue()).isEqualTo("billing");
        assertThat(config.routing().offerTimeout(Channel.VOICE)).isEqualTo(30_000);
        assertThat(config.routing().disconnectGraceMillis()).isEqualTo(120_000);
        assertThat(config.routing().preferredAgentWindowMillis()).isEqualTo(30_000);
        assertThat(config.routing().exclusionTtlMillis()).isEqualTo(300_000);
        assertThat(config.routing().unroutableAfterMillis()).isEqualTo(300_000);
        assertThat(config.routing().offerTimeoutSetsAway()).isTrue();
        assertThat(config.routing().queues().get("billing").strategy()).isEqualTo(SelectionStrategy.LEAST_LOADED);
        assertThat(config.server().maxBodyBytes()).isEqualTo(65_536);
        assertThat(config.server().wsPingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.server().wsIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("skills: [billing]\nqueues: []\n", "queues"),
                Arguments.of(MINIMAL + "    strategy: fastest\n", "queues[0].strategy"),
                Arguments.of(MINIMAL.replace("{billing: 2}", "{billing: 2, cooking: 2}"), "queues[0].requiredSkills.cooking"),
                Arguments.of(MINIMAL.replace("billing: 2", "billing: 9"), "queues[0].requiredSkills.billing"),
                Arguments.of(MINIMAL + "    teams: [nobody]\n", "queues[0].teams[0]"),
                Arguments.of(MINIMAL + "    overflow:\n      - after: 1m\n        moveToQueue: nowhere\n",
                        "queues[0].overflow[0].moveToQueue"),
                Arguments.of(MINIMAL + "    overflow:\n      - after: soon\n        lowerSkillLevel: 1\n",
                        "queues[0].overflow[0].after"),
                Arguments.of(MINIMAL + "    overflow:\n      - after: 2m\n        lowerSkillLevel: 1\n"
                        + "      - after: 1m\n        lowerSkillLevel: 1\n", "queues[0].overflow[1].after"),
                Arguments.of(MINIMAL + "    overflow:\n      - after: 2m\n", "queues[0].overflow[0]"),
                Arguments.of(MINIMAL + "rules:\n  - match: {tiers: [gold]}\n    queue: billing\n",
                        "rules[0].match.tiers[0]"),
                Arguments.of(MINIMAL + "rules:\n  - match: {}\n    queue: nowhere\n", "rules[0].queue"),
                Arguments.of(MINIMAL + "routing:\n  defaultQueue: nowhere\n", "routing.defaultQueue"),
                Arguments.of(MINIMAL + "routing:\n  offerTimeout: {fax: 10s}\n", "routing.offerTimeout.fax"),
                Arguments.of(MINIMAL + "routing:\n  ordering:\n    priorityHeadStart: {critical: 1m}\n",
                        "routing.ordering.priorityHeadStart.critical"),
                Arguments.of(MINIMAL + "routing:\n  offerTimout: 10s\n", "routing.offerTimout"),
                Arguments.of(MINIMAL + "server:\n  maxBodyBytes: 12\n", "server.maxBodyBytes"),
                Arguments.of(MINIMAL + "server:\n  websocket: {pingInterval: 30s, idleTimeout: 10s}\n",
                        "server.websocket.idleTimeout"),
                Arguments.of(MINIMAL + "agents:\n  - id: a1\n    team: nobody\n", "agents[0].team"),
                Arguments.of(MINIMAL + "agents:\n  - id: a1\n    team: support\n    tier: L9\n", "agents[0].tier"),
                Arguments.of(MINIMAL + "agents:\n  - id: a1\n    team: support\n    capacity: {chat: -1}\n",
                        "agents[0].capacity.chat"),
                Arguments.of("skills: [Bad Skill]\n", "skills[0]"),
                Arguments.of(MINIMAL + "calendars:\n  - name: c\n    zone: Mars/Olympus\n    open: 24x7\n",
                        "calendars[0].zone"),
                Arguments.of(MINIMAL + "calendars:\n  - name: c\n    open: {mon: [\"9-17\"]}\n",
                        "calendars[0].open.mon[0]"),
                Arguments.of(MINIMAL + "calendars:\n  - name: c\n    open: {mon: [\"09:00-12:00\", \"11:00-13:00\"]}\n",
                        "calendars[0].open"),
                Arguments.of(MINIMAL + "calendars:\n  - name: c\n    open: {moon: [\"09:00-12:00\"]}\n",
                        "calendars[0].open.moon"),
                Arguments.of(MINIMAL + "calendars:\n  - name: c\n    open: {mon: [\"09:00-12:00\"]}\n"
                        + "    holidays: [someday]\n", "calendars[0].holidays[0]"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 1m}\n      calendar: nope\n",
                        "sla.policies[0].calendar"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {}\n", "sla.policies[0].targets"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 1m}\n"
                        + "      warnings: [0.9, 0.5]\n", "sla.policies[0].warnings[1]"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 1m}\n      escalation:\n"
                        + "        - {after: 1m, before: 1m, action: reassign}\n", "sla.policies[0].escalation[0]"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 1m}\n      escalation:\n"
                        + "        - {after: 1m, action: panic}\n", "sla.policies[0].escalation[0].action"),
                Arguments.of(MINIMAL + "sla:\n  policies:\n    - targets: {firstResponse: 1m}\n"
                        + "      match: {queues: [nowhere]}\n", "sla.policies[0].match.queues[0]"),
                Arguments.of(MINIMAL + "sla:\n  compensation:\n    - {overdue: 1h, amount: 10, currency: yuan}\n",
                        "sla.compensation[0].currency"),
                Arguments.of(MINIMAL + "sla:\n  compensation:\n    - {overdue: 1h, amount: -5}\n",
                        "sla.compensation[0].amount"),
                Arguments.of(MINIMAL + "sla:\n  compensation:\n    - {overdue: 2h, amount: 5}\n    - {overdue: 1h, amount: 9}\n",
                        "sla.compensation[1].overdue"),
                Arguments.of(MINIMAL + "sla:\n  handoffLimits: {pirates: 2h}\n", "sla.handoffLimits.pirates"),
                Arguments.of("queues: {name: x}\n", "queues"),
                Arguments.of("colour: blue\n", "colour"),
                Arguments.of(MINIMAL + "security:\n  apiKeys:\n    - {name: bot, role: root, sha256: " + "a".repeat(64)
                        + "}\n", "security.apiKeys[0].role"),
                Arguments.of(MINIMAL + "security:\n  apiKeys:\n    - {name: bot, role: integration, sha256: sbk_plain}\n",
                        "security.apiKeys[0].sha256"),
                Arguments.of(MINIMAL + "security:\n  apiKeys:\n    - {name: a, role: admin, sha256: " + "b".repeat(64)
                        + "}\n    - {name: a, role: admin, sha256: " + "c".repeat(64) + "}\n", "security.apiKeys[1].name"),
                Arguments.of(MINIMAL + "security:\n  rateLimit: {perSecond: 0}\n", "security.rateLimit.perSecond"),
                Arguments.of(MINIMAL + "security:\n  jwt: {leeway: 1h}\n", "security.jwt.leeway"),
                Arguments.of(MINIMAL + "security:\n  jwt:\n    publicKeys:\n      - {algorithm: none, pem: x}\n",
                        "security.jwt.publicKeys[0].algorithm"),
                Arguments.of(MINIMAL + "security:\n  allowedOrigins: ['*']\n", "security.allowedOrigins[0]"),
                Arguments.of(MINIMAL + "security:\n  wsTicketTtl: 1h\n", "security.wsTicketTtl"),
                Arguments.of(MINIMAL + "security:\n  passwords: []\n", "security.passwords"),
                Arguments.of(MINIMAL + "server:\n  requestTimeout: 1ms\n", "server.requestTimeout"));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void load_invalidConfig_failsNamingTheKey(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'");
    }

    @Test
    void load_brokenYaml_failsWithReadableMessage() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("queues: [\n  - name: x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void load_secondQueuesSection_failsNamingFileKeyAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("switchboard.yaml");
        java.nio.file.Files.writeString(file, MINIMAL + "queues:\n  - name: other\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("duplicate key 'queues'")
                .hasMessageContaining("line 6");
    }

    @Test
    void load_duplicateNestedKey_failsNamingKeyAndLine() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "routing:\n  offerTimeout: 30s\n  offerTimeout: 10s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("duplicate key 'offerTimeout'")
                .hasMessageContaining("line 8");
    }

    @Test
    void load_brokenYaml_namesTheLine() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("skills: [billing]\nqueues: [\n  - name: x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3");
    }
}
