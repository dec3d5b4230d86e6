package io.switchboard.core.intake;

/**
 * A customer e-mail's attachment whose content was kept ({@code email.attachments.store: disk}):
 * {@code id} is the SHA-256 of the content (64 lower-case hex digits), also its file name, so the
 * same file twice is kept once; {@code name} (nullable) and {@code contentType} are as the MIME
 * part gave them, {@code size} in bytes.
 */
public record StoredAttachment(String id, String name, String contentType, long size) {}
