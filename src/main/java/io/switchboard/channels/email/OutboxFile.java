package io.switchboard.channels.email;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The outbox's saved state ({@code <dataDir>/mail-outbox/state.json}: cursor, first position to
 * send, conversations), replaced atomically (written beside, fsynced, renamed) so a crash leaves
 * the old state or the new one. Blocking: call from a worker.
 */
final class OutboxFile {
    private final Path dir;

    /** {@code dir} null: nothing is kept (in-memory mode). */
    OutboxFile(Path dir) {
        this.dir = dir;
    }

    boolean durable() {
        return dir != null;
    }

    /** The saved state, or null when there is none. */
    JsonObject load() {
        if (dir == null || !Files.exists(dir.resolve("state.json"))) {
            return null;
        }
        try {
            return new JsonObject(Files.readString(dir.resolve("state.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void save(JsonObject state) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path next = dir.resolve("state.json.next");
            try (var channel = java.nio.channels.FileChannel.open(next, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(state.encode().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(next, dir.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
