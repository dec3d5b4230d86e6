package io.switchboard.config;

import io.switchboard.channels.email.AttachmentSettings;
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
                "outbound", "attachments"));
        String type = node.get("ticketType").isMissing() ? null : node.get("ticketType").string();
        if (type != null && !ConfigLoader.NAME.matcher(type).matches()) {
            throw node.get("ticketType").error("a ticket type is a lower-case name (max 64)");
        }
        return new EmailSettings(
                node.get("maxMessageBytes").integer(1024, 64 * 1024 * 1024, EmailSettings.DEFAULT_MAX_MESSAGE_BYTES),
                type, senders(node.get("allowSenders")), senders(node.get("denySenders")),
                node.get("perSenderPerHour").integer(1, 1_000_000, EmailSettings.DEFAULT_PER_SENDER_PER_HOUR),
                node.get("outbound").isMissing() ? null : OutboundSection.read(node.get("outbound")),
                attachments(node.get("attachments")));
    }

    private static AttachmentSettings attachments(ConfigNode node) {
        if (node.isMissing()) {
            return AttachmentSettings.NONE;
        }
        node.onlyKeys(Set.of("store", "maxBytes", "maxTotalBytes", "dir"));
        String store = node.get("store").string("none");
        if (!store.equals("none") && !store.equals("disk")) {
            throw node.get("store").error("expected none or disk");
        }
        int maxBytes = node.get("maxBytes").integer(1, 1024 * 1024 * 1024, AttachmentSettings.DEFAULT_MAX_BYTES);
        int maxTotal = node.get("maxTotalBytes").integer(1, Integer.MAX_VALUE, Math.max(maxBytes,
                AttachmentSettings.DEFAULT_MAX_TOTAL_BYTES));
        if (maxTotal < maxBytes) {
            throw node.get("maxTotalBytes").error("must be at least maxBytes (" + maxBytes + ")");
        }
        String dir = node.get("dir").string(null);
        return new AttachmentSettings(store.equals("disk") ? AttachmentSettings.Store.DISK : AttachmentSettings.Store.NONE,
                maxBytes, maxTotal, dir == null ? null : java.nio.file.Path.of(dir));
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
