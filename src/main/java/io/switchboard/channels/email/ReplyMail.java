package io.switchboard.channels.email;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import java.util.regex.Pattern;

/**
 * The mail an agent's reply becomes: from the configured address to the ticket's customer, UTF-8
 * plain text, {@code In-Reply-To} the customer's last Message-ID, {@code References} the
 * conversation so far, and a subject {@code Re: <first subject> [#tkt_N]} whose token threads the
 * customer's answer back even when their mail client drops the headers.
 *
 * <p>The Message-ID is derived from the reply's journal position ({@code reply.<ticket>.<position>@<from
 * domain>}): every attempt, also after a restart, sends the same one, so a resend is recognisable.
 */
final class ReplyMail {
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(?:(?:re|aw|回复|答复)\\s*[:：]\\s*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("\\s*\\[#tkt_\\d+\\]");

    private ReplyMail() {
    }

    /** The Message-ID (without angle brackets) of the reply journaled at {@code position}. */
    static String messageId(OutboundMail settings, String ticketId, long position) {
        return "reply." + ticketId + "." + position + "@" + settings.fromDomain();
    }

    static String subject(String ticketId, String original) {
        String bare = TOKEN.matcher(REPLY_PREFIX.matcher(original.strip()).replaceFirst("")).replaceAll("").strip();
        return "Re: " + (bare.isEmpty() ? "" : bare + " ") + "[#" + ticketId + "]";
    }

    static MailMessage compose(OutboundMail settings, String ticketId, MailThreads.Thread thread, String messageId,
            String text) {
        // Vert.x's address parser takes "name <address>" with the name unquoted (a quoted name is
        // dropped) and writes "address (name)", RFC 2047-encoded when not ASCII: characters that
        // would end the name are left out
        String name = settings.fromName() == null ? "" : settings.fromName().replaceAll("[\"<>,;:\\\\()\\[\\]]", "")
                .strip();
        String from = name.isEmpty() ? settings.fromAddress() : name + " <" + settings.fromAddress() + ">";
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Message-ID", "<" + messageId + ">")
                .set("Auto-Submitted", "no");
        if (thread.lastCustomerId() != null) {
            headers.set("In-Reply-To", "<" + thread.lastCustomerId() + ">");
        }
        if (!thread.references().isEmpty()) {
            StringBuilder chain = new StringBuilder();
            for (String id : thread.references()) {
                chain.append(chain.isEmpty() ? "" : " ").append('<').append(id).append('>');
            }
            headers.set("References", chain.toString());
        }
        return new MailMessage().setFrom(from).setTo(thread.customer())
                .setSubject(subject(ticketId, thread.subject())).setText(text).setHeaders(headers);
    }
}
