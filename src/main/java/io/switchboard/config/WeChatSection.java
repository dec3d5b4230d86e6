package io.switchboard.config;

import io.switchboard.channels.wechat.WeChatSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code wechat} section: Official Accounts whose callbacks are taken (docs/configuration.md, "wechat"). */
final class WeChatSection {
    private WeChatSection() {
    }

    static WeChatSettings read(ConfigNode node) {
        node.onlyKeys(Set.of("accounts", "ticketType", "apiBaseUrl", "requestTimeout", "maxAttempts", "initialBackoff",
                "maxBackoff"));
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
                account.onlyKeys(Set.of("appId", "token", "encodingAesKey", "appSecret"));
                String token = account.get("token").string();
                if (!token.matches("[A-Za-z0-9]{3,32}")) {
                    throw account.get("token").error("the platform's token is 3-32 letters or digits");
                }
                String key = account.get("encodingAesKey").isMissing() ? null
                        : account.get("encodingAesKey").string();
                if (key != null && !key.matches("[A-Za-z0-9]{43}")) {
                    throw account.get("encodingAesKey").error("EncodingAESKey is 43 letters or digits");
                }
                String secret = account.get("appSecret").string(null);
                if (secret != null && !secret.matches("[A-Za-z0-9]{16,64}")) {
                    throw account.get("appSecret").error("the AppSecret is 16-64 letters or digits");
                }
                accounts.put(name, new WeChatSettings.Account(account.get("appId").string(), token, key, secret));
            });
        }
        WeChatSettings defaults = new WeChatSettings(Map.of(), null);
        String base = node.get("apiBaseUrl").string(defaults.apiBaseUrl());
        if (!base.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw node.get("apiBaseUrl").error("expected an http(s) URL such as " + WeChatSettings.API_BASE_URL);
        }
        Duration timeout = node.get("requestTimeout").duration(defaults.requestTimeout());
        if (timeout.toMillis() < 100 || timeout.toSeconds() > 120) {
            throw node.get("requestTimeout").error("must be between 100ms and 120s");
        }
        Duration initial = node.get("initialBackoff").duration(defaults.initialBackoff());
        Duration max = node.get("maxBackoff").duration(defaults.maxBackoff());
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0 || max.toHours() > 24) {
            throw node.get("maxBackoff").error("backoffs are positive, maxBackoff >= initialBackoff and at most 24h");
        }
        return new WeChatSettings(accounts, type, base, timeout, node.get("maxAttempts").integer(1, 100,
                defaults.maxAttempts()), initial, max);
    }
}
