package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channels.wechat.WeChatSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code wechat} section's reply settings. */
class WeChatSectionTest {
    private static final String MINIMAL = "skills: [billing]\nqueues:\n  - name: billing\n";
    private static final String ACCOUNT = "  accounts:\n    shop: {appId: wx0123456789abcdef, token: pamtest";

    @Test
    void wechat_withoutReplyKeys_usesThePlatformAndNoSecret() {
        WeChatSettings wechat = ConfigLoader.fromYaml(MINIMAL + "wechat:\n" + ACCOUNT + "}\n").channels().wechat();

        assertThat(wechat.apiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
        assertThat(wechat.accounts().get("shop").appSecret()).isNull();
        assertThat(wechat.maxAttempts()).isEqualTo(8);
        assertThat(wechat.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(wechat.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void wechat_replyKeys_areRead() {
        WeChatSettings wechat = ConfigLoader.fromYaml(MINIMAL + "wechat:\n  apiBaseUrl: http://127.0.0.1:9/\n"
                + "  maxAttempts: 3\n  initialBackoff: 50ms\n  maxBackoff: 2s\n  requestTimeout: 3s\n" + ACCOUNT
                + ", appSecret: 0123456789abcdef0123456789abcdef}\n").channels().wechat();

        assertThat(wechat.apiBaseUrl()).isEqualTo("http://127.0.0.1:9/");
        assertThat(wechat.accounts().get("shop").appSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(wechat.maxAttempts()).isEqualTo(3);
        assertThat(wechat.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(wechat.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void wechat_badReplyKeys_failNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "wechat:\n  apiBaseUrl: ftp://x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wechat.apiBaseUrl");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "wechat:\n" + ACCOUNT + ", appSecret: 'a b'}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wechat.accounts.shop.appSecret");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "wechat:\n  initialBackoff: 2s\n  maxBackoff: 1s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wechat.maxBackoff");
    }
}
