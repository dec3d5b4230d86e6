package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test Redis falls back to the embedded binary built for the machine it runs on. */
class RedisProcessTest {

    @Test
    void embeddedBinary_eachSupportedOsAndArch_theMatchingBuild() {
        assertThat(RedisProcess.embeddedBinary("Linux", "amd64")).isEqualTo("/redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisProcess.embeddedBinary("Linux", "x86_64")).isEqualTo("/redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisProcess.embeddedBinary("Linux", "aarch64")).isEqualTo("/redis-server-6.2.7-linux-arm64");
        assertThat(RedisProcess.embeddedBinary("Linux", "i386")).isEqualTo("/redis-server-6.2.7-linux-386");
        assertThat(RedisProcess.embeddedBinary("Mac OS X", "aarch64")).isEqualTo("/redis-server-6.2.6-v5-darwin-arm64");
        assertThat(RedisProcess.embeddedBinary("Mac OS X", "x86_64")).isEqualTo("/redis-server-6.2.6-v5-darwin-amd64");
    }

    @Test
    void embeddedBinary_thisMachine_isOnTheTestClasspath() {
        String resource = RedisProcess.embeddedBinary(System.getProperty("os.name"), System.getProperty("os.arch"));

        assertThat(RedisProcess.class.getResource(resource)).as(resource).isNotNull();
    }

    @Test
    void embeddedBinary_unsupportedPlatform_failsNamingItAndTheWayOut() {
        assertThatThrownBy(() -> RedisProcess.embeddedBinary("FreeBSD", "riscv64"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FreeBSD/riscv64")
                .hasMessageContaining("PATH");
    }

    @Test
    void extracted_twice_oneExecutableCopyReusedWithNothingElseLeft(@TempDir Path cache) throws Exception {
        String resource = RedisProcess.embeddedBinary(System.getProperty("os.name"), System.getProperty("os.arch"));

        Path first = RedisProcess.extracted(resource, cache.resolve("redis"));
        byte[] bytes;
        try (var in = RedisProcess.class.getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        assertThat(Files.isExecutable(first)).isTrue();
        assertThat(Files.mismatch(first, writeTo(cache.resolve("expected"), bytes))).isEqualTo(-1L);

        Files.writeString(first, "#!/bin/sh\n"); // a cached copy is trusted, not extracted again
        Path second = RedisProcess.extracted(resource, cache.resolve("redis"));

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(second)).isEqualTo("#!/bin/sh\n");
        try (var left = Files.list(cache.resolve("redis"))) {
            assertThat(left).containsExactly(first);
        }
    }

    private static Path writeTo(Path file, byte[] bytes) throws Exception {
        return Files.write(file, bytes);
    }
}
