package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class UrlGuardTest {
    @Test
    void isPublic_loopbackPrivateLinkLocalAndMapped_refused() throws Exception {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1"}) {
            assertThat(UrlGuard.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
    }

    @Test
    void isPublic_publicAddresses_allowed() throws Exception {
        for (String address : new String[] {"93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:4700::1111",
                "::ffff:8.8.8.8"}) {
            assertThat(UrlGuard.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void refusal_localhostName_namesTheAddressAndTheSetting() {
        assertThat(UrlGuard.refusal("localhost")).contains("loopback").contains("webhooks.allowPrivateNetworks");
        assertThat(UrlGuard.refusal("[::1]")).contains("::1");
    }

    @Test
    void formProblem_badForms_explained() {
        assertThat(UrlGuard.formProblem("https://hooks.example.com/x")).isNull();
        assertThat(UrlGuard.formProblem("ftp://hooks.example.com/x")).contains("http");
        assertThat(UrlGuard.formProblem("https://user:pw@hooks.example.com/x")).contains("credentials");
        assertThat(UrlGuard.formProblem("/relative")).isNotNull();
        assertThat(UrlGuard.formProblem("https://exa mple.com/")).contains("not a valid URL");
    }
}
