package io.switchboard.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * The disk's {@code fdatasync} latency where the journal writes: appends {@code samples} blocks of
 * 4 KiB to a file in {@code dir} and syncs each one with {@link FileChannel#force(boolean)
 * force(false)} (fdatasync on Linux), as the file journal does per batch with fsync always. The
 * histogram is in microseconds; the file is deleted afterwards.
 */
final class FsyncProbe {
    static final int BLOCK_BYTES = 4096;

    private FsyncProbe() {
    }

    static Histogram measure(Path dir, int samples) {
        Path file = dir.resolve("fsync-probe.bin");
        Histogram micros = new Histogram(3);
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int i = 0; i < samples; i++) {
                block.clear();
                block.put(0, (byte) i);
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                long start = System.nanoTime();
                channel.force(false);
                micros.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fsync probe in " + dir, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover probe file in a temp dir is harmless
            }
        }
        return micros;
    }
}
