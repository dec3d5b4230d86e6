package io.switchboard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a directory (usually under a test's {@code @TempDir}), to fill up
 * for a real full disk. Mounting needs root (as on the CI machines); without it the test is
 * skipped. {@link #close} unmounts it whatever the test left open: a plain {@code umount}
 * first, and when something still holds a file there (a store the failed test never closed)
 * a lazy one, which detaches it at once. Before, a test that failed before closing its store
 * left the tmpfs mounted under a {@code junit-*} dir, and JUnit could not delete that dir.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (a {@code mount -o size=} value: {@code 1m}, {@code 32m}) on {@code dir}. */
    public static SmallDisk mount(Path dir, String size) {
        try {
            Files.createDirectories(dir);
            Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()) == 0,
                    "cannot mount a tmpfs here (not root)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallDisk(dir);
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() {
        if (run("umount", mountPoint.toString()) != 0 && run("umount", "-l", mountPoint.toString()) != 0) {
            throw new IllegalStateException("could not unmount the test tmpfs at " + mountPoint);
        }
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
