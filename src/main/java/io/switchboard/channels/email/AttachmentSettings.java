package io.switchboard.channels.email;

import java.nio.file.Path;

/**
 * {@code email.attachments} (docs/configuration.md): whether the content of customer mails'
 * attachments is kept ({@code store}), the largest attachment kept ({@code maxBytes}) and the most
 * kept from one mail ({@code maxTotalBytes}; the attachments after that are listed, not kept), and
 * where ({@code dir}, nullable: {@code <dataDir>/attachments} on the file journal, required
 * otherwise; see {@link #in}).
 */
public record AttachmentSettings(Store store, int maxBytes, int maxTotalBytes, Path dir) {
    /** {@code none}: attachments are listed (name, type, size) and their content dropped. */
    public enum Store { NONE, DISK }

    public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
    public static final int DEFAULT_MAX_TOTAL_BYTES = 25 * 1024 * 1024;
    public static final AttachmentSettings NONE = new AttachmentSettings(Store.NONE, DEFAULT_MAX_BYTES,
            DEFAULT_MAX_TOTAL_BYTES, null);

    public boolean stores() {
        return store == Store.DISK;
    }

    /**
     * These settings with {@code dir} decided: the configured one, else {@code <dataDir>/attachments}.
     * Throws {@link IllegalStateException} (the start fails with its message) when content is to be
     * stored and there is neither: the Redis journal and in-memory mode have no data directory, and
     * attachments are never put in Redis.
     */
    public AttachmentSettings in(Path dataDir) {
        if (!stores() || dir != null) {
            return this;
        }
        if (dataDir == null) {
            throw new IllegalStateException("email.attachments.store is disk but there is no data directory to keep"
                    + " them in (Redis journal or in-memory mode): set email.attachments.dir to a directory shared by"
                    + " the nodes that serve the API, or set email.attachments.store to none");
        }
        return new AttachmentSettings(store, maxBytes, maxTotalBytes, dataDir.resolve("attachments"));
    }
}
