package io.switchboard.follow;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Cursors as files under the data directory, one per name ({@code <dataDir>/<name>}): the files
 * the followers wrote before they shared this store, in the same places and formats, so a data
 * directory written by an earlier build is read as it is.
 *
 * <p>A write goes to {@code <name>.tmp}, is forced to disk, then renamed over the old file. The
 * file operations run on a worker thread, in order for each calling context (one follower's writes
 * of a name never swap).
 */
public final class FileCursorStore implements CursorStore {
    private final Vertx vertx;
    private final Path dir;

    public FileCursorStore(Vertx vertx, Path dir) {
        this.vertx = vertx;
        this.dir = dir;
    }

    @Override
    public Future<String> read(String name) {
        Path file = resolve(name);
        return vertx.executeBlocking(() -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            }
        });
    }

    @Override
    public Future<Void> write(String name, String document) {
        Path file = resolve(name);
        return vertx.executeBlocking(() -> {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        });
    }

    /** Appends to the file and forces it to disk (no rename: a crash may tear the appended tail). */
    @Override
    public Future<Void> append(String name, String text) {
        Path file = resolve(name);
        return vertx.executeBlocking(() -> {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
            }
            return null;
        });
    }

    @Override
    public Future<Void> delete(String name) {
        Path file = resolve(name);
        return vertx.executeBlocking(() -> {
            Files.deleteIfExists(file);
            return null;
        });
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public String describe() {
        return "files under " + dir;
    }

    /** A name stays inside the directory (names come from code and subscription ids, which are checked too). */
    private Path resolve(String name) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize()) || file.equals(dir.normalize())) {
            throw new IllegalArgumentException("cursor name " + name + " leaves " + dir);
        }
        return file;
    }
}
