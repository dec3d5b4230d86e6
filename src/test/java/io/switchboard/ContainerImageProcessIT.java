package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image the build wrote ({@code target/switchboard-image.tar}, Jib on the base from
 * {@code src/main/image/base-image.sh}), read as a container runtime reads it: its config and its
 * layers. {@code .ci/container-smoke} runs the same image in podman; this test holds the promises of
 * docs/operations.md on any machine, runtime or not.
 */
class ContainerImageProcessIT {
    private static final Path IMAGE = Path.of("target/switchboard-image.tar");
    /** The few files whose contents the tests read, by path inside the image. */
    private static final Map<String, byte[]> CONTENTS = new HashMap<>();
    private static JsonObject config;
    private static Map<String, TarArchiveEntry> baseLayer;
    private static Map<String, TarArchiveEntry> allLayers;

    @BeforeAll
    static void readImage() throws IOException {
        assumeFalse(Boolean.getBoolean("image.skip"), "-Dimage.skip=true: the package phase left the image out");
        assertThat(IMAGE).as("the package phase writes the image (skipped only with -Dimage.skip=true)").exists();
        Map<String, byte[]> files = entries(Files.newInputStream(IMAGE));
        JsonObject manifest = new JsonArray(new String(files.get("manifest.json"), StandardCharsets.UTF_8)).getJsonObject(0);
        config = new JsonObject(new String(files.get(manifest.getString("Config")), StandardCharsets.UTF_8));
        List<Object> layers = manifest.getJsonArray("Layers").getList();
        baseLayer = index(files.get((String) layers.get(0)));
        allLayers = new HashMap<>();
        for (Object layer : layers) {
            allLayers.putAll(index(files.get((String) layer)));
        }
    }

    @Test
    void image_config_runsAsNonRootUserWithDataVolume() {
        JsonObject container = config.getJsonObject("config");
        assertThat(container.getString("User")).isEqualTo("10001:10001");
        assertThat(container.getJsonObject("Volumes").fieldNames()).containsExactly("/data");
        assertThat(container.getString("WorkingDir")).isEqualTo("/data");
        assertThat(container.getJsonArray("Env").getList()).contains("SWITCHBOARD_DATA_DIR=/data");
        assertThat(container.getJsonObject("ExposedPorts").fieldNames()).containsExactly("8080/tcp");
        assertThat(container.getJsonArray("Entrypoint").getList())
                .containsExactly("java", "-cp", "@/app/jib-classpath-file", "io.switchboard.app.Main");
        TarArchiveEntry data = baseLayer.get("data/");
        assertThat(data).as("/data in the base layer").isNotNull();
        assertThat(data.getLongUserId()).as("/data owner").isEqualTo(10001);
        assertThat(new String(fileIn("etc/passwd"), StandardCharsets.UTF_8)).contains("switchboard:x:10001:10001:");
    }

    @Test
    void image_healthCheck_runsTheJarsHealthCommand() {
        JsonObject health = config.getJsonObject("config").getJsonObject("Healthcheck");
        assertThat(health).as("Docker-format health check, kept from the base").isNotNull();
        assertThat(health.getJsonArray("Test").getList())
                .startsWith("CMD", "/opt/java/bin/java")
                .endsWith("-cp", "@/app/jib-classpath-file", "io.switchboard.app.Main", "health");
        assertThat(health.getLong("Interval")).isPositive();
        assertThat(health.getLong("StartPeriod")).isGreaterThanOrEqualTo(health.getLong("Interval"));
    }

    @Test
    void image_layers_holdTheRuntimeItsLibrariesAndTheApplication() {
        assertThat(allLayers).containsKeys("opt/java/bin/java", "opt/java/lib/security/cacerts",
                "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6",
                // DuckDB's native library, extracted at run time, needs the C++ runtime
                "lib/x86_64-linux-gnu/libstdc++.so.6", "app/jib-classpath-file");
        assertThat(allLayers.get("opt/java/bin/java").getMode() & 0111).as("java is executable").isNotZero();
        assertThat(allLayers.get("tmp/").getMode() & 01777).as("/tmp is world-writable and sticky").isEqualTo(01777);
        String classpath = new String(fileIn("app/jib-classpath-file"), StandardCharsets.UTF_8);
        assertThat(classpath).contains("duckdb_jdbc", "vertx-core", "/app/classes");
    }

    private static byte[] fileIn(String path) {
        return CONTENTS.get(path);
    }

    private static Map<String, TarArchiveEntry> index(byte[] layer) throws IOException {
        Map<String, TarArchiveEntry> byPath = new HashMap<>();
        boolean gzip = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
        InputStream in = new ByteArrayInputStream(layer);
        if (gzip) {
            in = new java.util.zip.GZIPInputStream(in);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                name = name.startsWith("/") ? name.substring(1) : name;
                byPath.put(name, entry);
                if (name.equals("etc/passwd") || name.equals("app/jib-classpath-file")) {
                    CONTENTS.put(name, tar.readAllBytes());
                }
            }
        }
        return byPath;
    }

    private static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName(),
                            tar.readAllBytes());
                }
            }
        }
        return files;
    }
}
