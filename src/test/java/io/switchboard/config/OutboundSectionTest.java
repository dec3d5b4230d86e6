package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channels.email.OutboundMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundSectionTest {
    private static final String MINIMAL = "skills: [billing]\nteams: [support]\nqueues:\n  - name: billing\n"
            + "    requiredSkills: {billing: 2}\n";

    private static OutboundMail read(String section) {
        return ConfigLoader.fromYaml(MINIMAL + section + "\n").channels().email().outbound();
    }

    @Test
    void outbound_omitted_sendsNothing() {
        assertThat(ConfigLoader.fromYaml(MINIMAL).channels().email().outbound()).isNull();
    }

    @Test
    void outbound_minimal_defaultsToSubmissionPortRequiredStarttlsAndNoLogin() {
        OutboundMail m = read("email: {outbound: {host: smtp.shop.example, from: {address: help@shop.example}}}");
        assertThat(m.port()).isEqualTo(587);
        assertThat(m.starttls()).isEqualTo(OutboundMail.StartTls.REQUIRED);
        assertThat(m.username()).isNull();
        assertThat(m.fromName()).isNull();
        assertThat(m.fromDomain()).isEqualTo("shop.example");
        assertThat(m.maxAttempts()).isEqualTo(OutboundMail.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void outbound_full_readsEveryKeyAndThePasswordFromTheEnvironment() {
        OutboundMail m = read(String.join("\n", "email:", "  outbound:", "    host: smtp.shop.example",
                "    port: 2525", "    starttls: optional", "    auth: {username: bot, passwordEnv: PATH}",
                "    from: {address: help@shop.example, name: 客服}", "    maxAttempts: 3", "    firstRetry: 2s",
                "    maxRetry: 5s"));
        assertThat(m.port()).isEqualTo(2525);
        assertThat(m.starttls()).isEqualTo(OutboundMail.StartTls.OPTIONAL);
        assertThat(m.username()).isEqualTo("bot");
        assertThat(m.password()).isEqualTo(System.getenv("PATH"));
        assertThat(m.fromName()).isEqualTo("客服");
        assertThat(m.retryDelayMillis(1)).isEqualTo(2_000);
        assertThat(m.retryDelayMillis(2)).isEqualTo(4_000);
        assertThat(m.retryDelayMillis(3)).isEqualTo(5_000);
        assertThat(m.retryDelayMillis(40)).isEqualTo(5_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "email: {outbound: {from: {address: a@b.example}}}|email.outbound.host",
        "email: {outbound: {host: h}}|email.outbound.from.address",
        "email: {outbound: {host: h, from: {address: nobody}}}|email.outbound.from.address",
        "email: {outbound: {host: h, starttls: sometimes, from: {address: a@b.example}}}|email.outbound.starttls",
        "email: {outbound: {host: h, port: 0, from: {address: a@b.example}}}|email.outbound.port",
        "email: {outbound: {host: h, from: {address: a@b.example}, firstRetry: 10s, maxRetry: 1s}}|email.outbound.maxRetry",
        "email: {outbound: {host: h, from: {address: a@b.example}, password: x}}|email.outbound.password",
        "email: {outbound: {host: h, from: {address: a@b.example}, auth: {username: u, passwordEnv: SB_SURELY_UNSET_4711}}}|email.outbound.auth.passwordEnv",
    })
    void outbound_invalid_failsNamingTheKey(String section, String key) {
        assertThatThrownBy(() -> read(section)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
