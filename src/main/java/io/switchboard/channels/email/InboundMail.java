package io.switchboard.channels.email;

import io.switchboard.core.intake.MailAttachment;
import java.util.List;

/**
 * A parsed customer e-mail. {@code messageId} and the ids of {@code inReplyTo}/{@code references}
 * are without angle brackets (nullable / empty); {@code sender} is the From address in lower case
 * (null when the mail has none); {@code text} is the plain part, or the HTML part reduced to text;
 * {@code automatic} names why the mail is an auto-reply or bounce (null for a person's mail).
 * {@code contents} has one entry per attachment, in the same order: its decoded bytes when the
 * parser was asked to keep attachments of its size, else null.
 */
public record InboundMail(String messageId, List<String> threadIds, String sender, String senderName,
        String subject, String text, List<MailAttachment> attachments, String automatic, List<byte[]> contents) {
    public InboundMail {
        threadIds = List.copyOf(threadIds);
        attachments = List.copyOf(attachments);
        contents = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(contents));
        if (contents.size() != attachments.size()) {
            throw new IllegalArgumentException("one content entry per attachment");
        }
    }

    /** Without kept content. */
    public InboundMail(String messageId, List<String> threadIds, String sender, String senderName, String subject,
            String text, List<MailAttachment> attachments, String automatic) {
        this(messageId, threadIds, sender, senderName, subject, text, attachments, automatic,
                java.util.Collections.nCopies(attachments.size(), null));
    }
}
