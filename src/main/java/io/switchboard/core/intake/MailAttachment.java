package io.switchboard.core.intake;

/** A file attached to a customer e-mail, as listed on the ticket: name (nullable), MIME type, size in bytes. */
public record MailAttachment(String name, String contentType, long size) {}
