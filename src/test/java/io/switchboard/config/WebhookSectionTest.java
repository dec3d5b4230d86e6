package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.hooks.Subscription;
import io.switchboard.hooks.WebhookSettings;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WebhookSectionTest {
    private static final String MINIMAL = "skills: [billing]\nteams: [support]\nqueues:\n  - name: billing\n"
            + "    requiredSkills: {billing: 2}\n";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void webhooks_omitted_defaultsWithNoSubscription() {
        WebhookSettings w = ConfigLoader.fromYaml(MINIMAL).webhooks();
        assertThat(w).isEqualTo(WebhookSettings.DEFAULTS);
        assertThat(w.allowPrivateNetworks()).isFalse();
        assertThat(w.retryHorizon()).isEqualTo(Duration.ofHours(24));
    }

    /** The defaults column of docs/configuration.md's webhooks table is what an omitted key gets. */
    @Test
    void webhooksDefaults_documentedTable_matchTheLoadedDefaults() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/configuration.md"));
        WebhookSettings w = ConfigLoader.fromYaml(MINIMAL).webhooks();
        java.util.Map<String, String> loaded = java.util.Map.of(
                "allowPrivateNetworks", String.valueOf(w.allowPrivateNetworks()),
                "requestTimeout", w.requestTimeout().toSeconds() + "s",
                "retryHorizon", w.retryHorizon().toHours() + "h",
                "initialBackoff", w.initialBackoff().toSeconds() + "s",
                "maxBackoff", w.maxBackoff().toHours() + "h",
                "connectionsPerEndpoint", String.valueOf(w.connectionsPerEndpoint()));
        loaded.forEach((key, value) -> assertThat(doc).as("docs/configuration.md's default of webhooks." + key)
                .contains("| `webhooks." + key + "` | `" + value + "` |"));
        assertThat(w.connectionsPerEndpoint()).isEqualTo(WebhookSettings.DEFAULT_CONNECTIONS_PER_ENDPOINT).isEqualTo(16);
    }

    @Test
    void webhooks_fullSection_read() {
        WebhookSettings w = ConfigLoader.fromYaml(MINIMAL + String.join("\n", "webhooks:",
                "  allowPrivateNetworks: true", "  requestTimeout: 3s", "  retryHorizon: 2h", "  initialBackoff: 1s",
                "  maxBackoff: 10m", "  connectionsPerEndpoint: 8", "  subscriptions:",
                "    - {id: crm, url: 'https://crm.example.com/h', secret: " + SECRET + ", previousSecret: " + SECRET
                        + ", types: [ticket.created, sla.breach], queues: [billing], channels: [chat],"
                        + " createdBy: ['key:bot'], integration: bot}", "")).webhooks();
        assertThat(w.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.connectionsPerEndpoint()).isEqualTo(8);
        Subscription s = w.subscriptions().get(0);
        assertThat(s.secrets()).hasSize(2);
        assertThat(s.types()).containsExactlyInAnyOrder("ticket.created", "sla.breach");
        assertThat(s.owner()).isEqualTo("key:bot");
        assertThat(s.source()).isEqualTo("config");
        assertThat(s.enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "webhooks: {retries: 3}|webhooks.retries",
        "webhooks: {retryHorizon: 0s}|webhooks.retryHorizon",
        "webhooks: {initialBackoff: 10s, maxBackoff: 1s}|webhooks.maxBackoff",
        "webhooks: {connectionsPerEndpoint: 0}|webhooks.connectionsPerEndpoint",
        "webhooks: {subscriptions: [{id: a, url: 'https://x.example/', secret: nope}]}|webhooks.subscriptions[0].secret",
        "webhooks: {subscriptions: [{id: a, url: 'ftp://x.example/', secret: " + SECRET + "}]}|webhooks.subscriptions[0].url",
        "webhooks: {subscriptions: [{id: a, url: 'https://x.example/', secret: " + SECRET + ", types: [ticket.nope]}]}|webhooks.subscriptions[0].types",
        "webhooks: {subscriptions: [{id: a, url: 'https://x.example/', secret: " + SECRET + ", channels: [fax]}]}|webhooks.subscriptions[0].channels",
        "webhooks: {subscriptions: [{id: 'A B', url: 'https://x.example/', secret: " + SECRET + "}]}|webhooks.subscriptions[0].id",
        "webhooks: {trustedCertificates: 'not a certificate'}|webhooks.trustedCertificates",
        "webhooks: {trustedCertificates: '-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----'}|webhooks.trustedCertificates",
    })
    void webhooks_invalid_failsNamingTheKey(String section, String key) {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + section + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    @Test
    void webhooks_trustedCertificates_readAsGiven_twoCertificates() {
        io.vertx.core.net.SelfSignedCertificate a = io.vertx.core.net.SelfSignedCertificate.create("a.example");
        io.vertx.core.net.SelfSignedCertificate b = io.vertx.core.net.SelfSignedCertificate.create("b.example");
        try {
            String pem = java.nio.file.Files.readString(java.nio.file.Path.of(a.certificatePath()))
                    + java.nio.file.Files.readString(java.nio.file.Path.of(b.certificatePath()));
            String block = String.join("\n", pem.lines().map(l -> "    " + l).toList());
            WebhookSettings w = ConfigLoader.fromYaml(MINIMAL + "webhooks:\n  trustedCertificates: |\n" + block + "\n")
                    .webhooks();
            assertThat(w.trustedCertificates()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(io.switchboard.hooks.WebhookTrust.certificates(w.trustedCertificates()))
                    .extracting(c -> c.getSubjectX500Principal().getName())
                    .containsExactly("CN=a.example", "CN=b.example");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            a.delete();
            b.delete();
        }
    }
}
