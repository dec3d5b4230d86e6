package io.switchboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar of an earlier commit of this repository, for upgrade drills: built once (tests
 * skipped) from a {@code git worktree} in a scratch dir and kept in
 * {@code ~/.cache/switchboard/jars/<commit>.jar}. Null, with the reason in {@link #missing}, when
 * the history does not hold the commit (a shallow clone) or the build fails.
 */
final class OlderBuild {
    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "switchboard", "jars");

    private OlderBuild() {
    }

    /** Why {@link #jar} gave null (for the test's skip message). */
    static String missing = "";

    static Path jar(String commit, Path scratch) throws Exception {
        Path cached = CACHE.resolve(commit + ".jar");
        if (Files.exists(cached)) {
            return cached;
        }
        Path log = scratch.resolve("older-build-" + commit + ".log");
        if (run(Path.of("."), 30, log, "git", "cat-file", "-e", commit + "^{commit}") != 0) {
            missing = "commit " + commit + " is not in this clone's history (a shallow clone?): git fetch --unshallow";
            return null;
        }
        Path tree = scratch.resolve("worktree-" + commit);
        if (run(Path.of("."), 120, log, "git", "worktree", "add", "--detach", tree.toString(), commit) != 0) {
            missing = "git worktree add failed for " + commit;
            return null;
        }
        try {
            int built = run(tree, 1_200, log, "./mvnw", "-B", "-q", "package", "-DskipTests", "-Dimage.skip=true");
            Path jar = tree.resolve("target/switchboard.jar");
            if (built != 0 || !Files.exists(jar)) {
                missing = "building " + commit + " failed (exit " + built + "): " + Files.readString(log);
                return null;
            }
            Files.createDirectories(CACHE);
            Path partial = CACHE.resolve(commit + ".jar.part");
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } finally {
            run(Path.of("."), 120, log, "git", "worktree", "remove", "--force", tree.toString());
        }
    }

    /** Runs {@code command} in {@code dir}, its output to {@code log}; the exit value, -1 after {@code seconds}. */
    private static int run(Path dir, long seconds, Path log, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
