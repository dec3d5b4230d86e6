package io.switchboard.channels.wechat;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code wechat} section (docs/configuration.md): the Official Accounts whose callbacks this
 * server takes, by the name in the callback URL, and the ticket type of WeChat tickets (nullable);
 * for agent replies, the API's base URL and how sends are retried.
 */
public record WeChatSettings(Map<String, Account> accounts, String ticketType, String apiBaseUrl,
        Duration requestTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final String API_BASE_URL = "https://api.weixin.qq.com";
    public static final WeChatSettings NONE = new WeChatSettings(Map.of(), null);

    public WeChatSettings {
        accounts = Map.copyOf(accounts);
    }

    /** Intake only, reply defaults: the platform's URL, 10 s per request, 8 attempts from 1 s to 60 s apart. */
    public WeChatSettings(Map<String, Account> accounts, String ticketType) {
        this(accounts, ticketType, API_BASE_URL, Duration.ofSeconds(10), 8, Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    /**
     * One account: its AppID, the callback {@code token} configured on the platform, the
     * {@code encodingAesKey} for safe mode (nullable: plaintext mode only), and the
     * {@code appSecret} for the API (nullable: agent replies are not sent through WeChat).
     */
    public record Account(String appId, String token, String encodingAesKey, String appSecret) {
        public Account(String appId, String token, String encodingAesKey) {
            this(appId, token, encodingAesKey, null);
        }

        public WeChatCrypto crypto() {
            return encodingAesKey == null ? null : new WeChatCrypto(encodingAesKey, appId);
        }
    }
}
