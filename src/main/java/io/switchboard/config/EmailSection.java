package io.switchboard.config;

import io.switchboard.channels.email.EmailSettings;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code email} section: e-mail intake limits and sender lists (docs/configuration.md, "email"). */
final class EmailSection {
    private static final Pattern SENDER = Pattern.compile("[^@\\s]*@[^@\\s]+");

    private EmailSection() {
    }

    static EmailSettings read(ConfigNode node) {
        node.onlyKeys(Set.of("maxMessageBytes", "ticketType", "allowSenders", "denySenders", "perSenderPerHour",
                "outbound"));
        String type = node.get("ticketType").isMissing() ? null : node.get("ticketType").string();
        if (type != null && !ConfigLoader.NAME.matcher(type).matches()) {
            throw node.get("ticketType").error("a ticket type is a lower-case name (max 64)");
        }
        return new EmailSettings(
                node.get("maxMessageBytes").integer(1024, 64 * 1024 * 1024, EmailSettings.DEFAULT_MAX_MESSAGE_BYTES),
                type, senders(node.get("allowSenders")), senders(node.get("denySenders")),
                node.get("perSenderPerHour").integer(1, 1_000_000, EmailSettings.DEFAULT_PER_SENDER_PER_HOUR),
                node.get("outbound").isMissing() ? null : OutboundSection.read(node.get("outbound")));
    }

    private static List<String> senders(ConfigNode node) {
        List<String> list = node.strings();
        for (int i = 0; i < list.size(); i++) {
            if (!SENDER.matcher(list.get(i)).matches()) {
                throw node.items().get(i).error("expected an address (a@example.com) or a domain (@example.com)");
            }
        }
        return list;
    }
}
