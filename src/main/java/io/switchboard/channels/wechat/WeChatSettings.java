package io.switchboard.channels.wechat;

import java.util.Map;

/**
 * The {@code wechat} section (docs/configuration.md): the Official Accounts whose callbacks this
 * server takes, by the name in the callback URL, and the ticket type of WeChat tickets (nullable).
 */
public record WeChatSettings(Map<String, Account> accounts, String ticketType) {
    public static final WeChatSettings NONE = new WeChatSettings(Map.of(), null);

    public WeChatSettings {
        accounts = Map.copyOf(accounts);
    }

    /**
     * One account: its AppID, the callback {@code token} configured on the platform, and the
     * {@code encodingAesKey} for safe mode (nullable: plaintext mode only).
     */
    public record Account(String appId, String token, String encodingAesKey) {
        public WeChatCrypto crypto() {
            return encodingAesKey == null ? null : new WeChatCrypto(encodingAesKey, appId);
        }
    }
}
