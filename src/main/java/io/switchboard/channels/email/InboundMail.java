package io.switchboard.channels.email;

import io.switchboard.core.intake.MailAttachment;
import java.util.List;

/**
 * A parsed customer e-mail. {@code messageId} and the ids of {@code inReplyTo}/{@code references}
 * are without angle brackets (nullable / empty); {@code sender} is the From address in lower case
 * (null when the mail has none); {@code text} is the plain part, or the HTML part reduced to text;
 * {@code automatic} names why the mail is an auto-reply or bounce (null for a person's mail).
 */
public record InboundMail(String messageId, List<String> threadIds, String sender, String senderName,
        String subject, String text, List<MailAttachment> attachments, String automatic) {
    public InboundMail {
        threadIds = List.copyOf(threadIds);
        attachments = List.copyOf(attachments);
    }
}
