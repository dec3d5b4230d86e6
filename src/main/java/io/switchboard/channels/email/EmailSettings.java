package io.switchboard.channels.email;

import java.util.List;
import java.util.Locale;

/**
 * The {@code email} section (docs/configuration.md): the largest raw message taken, the ticket
 * type given to mail tickets (nullable), sender lists ({@code allow} empty = everyone not denied;
 * an entry is an address {@code a@b.c} or a domain {@code @b.c}) and the mails one sender may
 * send per hour before further ones are dropped. {@code outbound} (nullable: replies are not sent)
 * is where agent replies go out by SMTP; {@code attachments} whether attachment content is kept.
 */
public record EmailSettings(int maxMessageBytes, String ticketType, List<String> allow, List<String> deny,
        int perSenderPerHour, OutboundMail outbound, AttachmentSettings attachments) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final int DEFAULT_PER_SENDER_PER_HOUR = 30;
    public static final EmailSettings DEFAULT = new EmailSettings(DEFAULT_MAX_MESSAGE_BYTES, null, List.of(),
            List.of(), DEFAULT_PER_SENDER_PER_HOUR);

    public EmailSettings(int maxMessageBytes, String ticketType, List<String> allow, List<String> deny,
            int perSenderPerHour) {
        this(maxMessageBytes, ticketType, allow, deny, perSenderPerHour, null);
    }

    public EmailSettings(int maxMessageBytes, String ticketType, List<String> allow, List<String> deny,
            int perSenderPerHour, OutboundMail outbound) {
        this(maxMessageBytes, ticketType, allow, deny, perSenderPerHour, outbound, AttachmentSettings.NONE);
    }

    /** These settings with {@code email.attachments} replaced (its directory decided at start). */
    public EmailSettings withAttachments(AttachmentSettings replaced) {
        return new EmailSettings(maxMessageBytes, ticketType, allow, deny, perSenderPerHour, outbound, replaced);
    }

    public EmailSettings {
        allow = allow.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        deny = deny.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** True when mail from {@code address} (lower case) may open or join tickets. */
    public boolean admits(String address) {
        String domain = address.substring(address.lastIndexOf('@'));
        if (deny.contains(address) || deny.contains(domain)) {
            return false;
        }
        return allow.isEmpty() || allow.contains(address) || allow.contains(domain);
    }
}
