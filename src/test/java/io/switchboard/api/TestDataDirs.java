package io.switchboard.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Data dirs for test servers that were not given one: all under one root per test JVM,
 * {@code java.io.tmpdir/switchboard-test-<pid>}, deleted with everything in it when the JVM
 * exits. The root of a JVM that died without running its shutdown hooks (killed by a timeout,
 * {@code kill -9}) is deleted by the next test JVM that creates one: a root whose pid is no
 * longer a running process is nobody's. ({@code File.deleteOnExit} on the data dir itself, as
 * before, never deleted anything: it skips a directory that is not empty.)
 */
final class TestDataDirs {
    private static final String PREFIX = "switchboard-test-";
    private static Path root;

    private TestDataDirs() {
    }

    /** A new empty directory under this JVM's root. */
    static synchronized Path fresh() {
        try {
            if (root == null) {
                Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
                deleteOrphans(tmp);
                root = Files.createDirectories(tmp.resolve(PREFIX + ProcessHandle.current().pid()));
                Path created = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "test-data-dirs-cleanup"));
            }
            return Files.createTempDirectory(root, "server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOrphans(Path tmp) throws IOException {
        try (DirectoryStream<Path> roots = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path candidate : roots) {
                String pid = candidate.getFileName().toString().substring(PREFIX.length());
                if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    deleteTree(candidate);
                }
            }
        }
    }

    /** Deletes {@code dir} and everything under it, as far as it can (best effort: a test's leftovers). */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // already gone, or going: nothing to clean
        }
    }
}
