package io.switchboard.app.config;

import io.switchboard.channels.wechat.WeChatSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code wechat} section: Official Accounts whose callbacks are taken (docs/configuration.md, "wechat"). */
final class WeChatSection {
    private WeChatSection() {
    }

    static WeChatSettings read(ConfigNode node) {
        node.onlyKeys(Set.of("accounts", "ticketType"));
        String type = node.get("ticketType").isMissing() ? null : node.get("ticketType").string();
        if (type != null && !ConfigLoader.NAME.matcher(type).matches()) {
            throw node.get("ticketType").error("a ticket type is a lower-case name (max 64)");
        }
        Map<String, WeChatSettings.Account> accounts = new LinkedHashMap<>();
        ConfigNode list = node.get("accounts");
        if (!list.isMissing()) {
            list.entries().forEach((name, account) -> {
                if (!ConfigLoader.NAME.matcher(name).matches()) {
                    throw account.error("an account name is a lower-case name (max 64); it is the last part of the"
                            + " callback URL");
                }
                account.onlyKeys(Set.of("appId", "token", "encodingAesKey"));
                String token = account.get("token").string();
                if (!token.matches("[A-Za-z0-9]{3,32}")) {
                    throw account.get("token").error("the platform's token is 3-32 letters or digits");
                }
                String key = account.get("encodingAesKey").isMissing() ? null
                        : account.get("encodingAesKey").string();
                if (key != null && !key.matches("[A-Za-z0-9]{43}")) {
                    throw account.get("encodingAesKey").error("EncodingAESKey is 43 letters or digits");
                }
                accounts.put(name, new WeChatSettings.Account(account.get("appId").string(), token, key));
            });
        }
        return new WeChatSettings(accounts, type);
    }
}
