package io.switchboard.channels.email;

import io.switchboard.core.intake.MailAttachment;
import io.switchboard.core.intake.StoredAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the content of customer mails' attachments on disk ({@code email.attachments.store:
 * disk}) as {@code <dir>/<ticket id>/<SHA-256 of the content>}: the attachment's own name never
 * reaches the file system (a name such as {@code ../../etc/passwd} is only a label), and the same
 * file sent twice is kept once. Files are written to a temporary name and moved into place, so a
 * reader never sees half a file.
 *
 * <p>{@link #select} and {@link #write} hash and write: call them on a worker thread. Thread-safe
 * (no state besides the settings).
 */
public final class AttachmentStore {
    /** An attachment to keep and its content. */
    public record Kept(StoredAttachment attachment, byte[] content) {}

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final AttachmentSettings settings;

    public AttachmentStore(AttachmentSettings settings) {
        this.settings = settings;
    }

    /** True when content is kept ({@code store: disk} with its directory decided). */
    public boolean stores() {
        return settings.stores() && settings.dir() != null;
    }

    /** The largest attachment the parser should keep in memory for {@link #select} (0 when none is kept). */
    public long keepUpTo() {
        return stores() ? settings.maxBytes() : 0;
    }

    /**
     * The attachments of {@code mail} to keep, in order: those the parser kept (at most
     * {@code maxBytes} each), until {@code maxTotalBytes} for the mail is reached (the rest are only
     * listed); a content already selected is kept once.
     */
    public List<Kept> select(InboundMail mail) {
        if (!stores()) {
            return List.of();
        }
        List<Kept> kept = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        long total = 0;
        for (int i = 0; i < mail.attachments().size(); i++) {
            byte[] content = mail.contents().get(i);
            if (content == null || content.length > settings.maxBytes()
                    || total + content.length > settings.maxTotalBytes()) {
                continue;
            }
            String id = sha256(content);
            if (ids.add(id)) {
                total += content.length;
                MailAttachment listed = mail.attachments().get(i);
                kept.add(new Kept(new StoredAttachment(id, listed.name(), listed.contentType(), content.length),
                        content));
            }
        }
        return kept;
    }

    /** Writes {@code kept} under the ticket's directory; a file already there (same content) stays. */
    public void write(String ticketId, List<Kept> kept) throws IOException {
        for (Kept k : kept) {
            Path target = file(ticketId, k.attachment().id());
            if (target == null) {
                throw new IOException("not a ticket id: " + ticketId);
            }
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try {
                Files.write(temporary, k.content());
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Where attachment {@code id} of ticket {@code ticketId} is kept, or null when either is not a
     * well-formed id (so no path from a request can leave the directory) or nothing is stored.
     */
    public Path file(String ticketId, String id) {
        if (!stores() || ticketId == null || id == null || !TICKET.matcher(ticketId).matches()
                || !ID.matcher(id).matches()) {
            return null;
        }
        Path root = settings.dir().toAbsolutePath().normalize();
        Path file = root.resolve(ticketId).resolve(id).normalize();
        return file.startsWith(root) ? file : null;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
