package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core and the engine stay pure Java: no adapter library may leak in (DESIGN.md §1). The
 * wiring ({@code app/}) imports everything and nothing imports it: adapters reach the engine
 * through {@code port/}.
 */
class ArchitectureTest {
    private static final Pattern WIRING = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?io\\.switchboard\\.app\\b.*", Pattern.MULTILINE);
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(io\\.vertx|io\\.micrometer|io\\.netty|com\\.fasterxml|org\\.yaml|"
                    + "io\\.switchboard\\.(api|app|store|metrics))\\b.*", Pattern.MULTILINE);
    private static final Pattern CLOCK = Pattern.compile(
            "System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now|LocalDateTime\\.now|Clock\\.system");

    @Test
    void core_andEngineSources_importNoAdapterLibrary() throws IOException {
        assertThat(violations(FORBIDDEN)).isEmpty();
    }

    @Test
    void core_andEngineSources_neverReadTheClock() throws IOException {
        assertThat(violations(CLOCK)).isEmpty();
    }

    @Test
    void everyPackageButTheWiring_importsNothingFromIt() throws IOException {
        List<String> found = new ArrayList<>();
        Path main = Path.of("src/main/java/io/switchboard");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("app"))).toList()) {
                var matcher = WIRING.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(file + ": " + matcher.group().trim());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Settings are read by the adapters, never the other way round: the values they hold live in config/. */
    @Test
    void settings_importNothingFromTheAdapters() throws IOException {
        Pattern adapters = Pattern.compile("^\\s*import\\s+(static\\s+)?io\\.switchboard\\.api\\b.*", Pattern.MULTILINE);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/switchboard/config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var matcher = adapters.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(file + ": " + matcher.group().trim());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void wiringCheck_onAnImportOfTheWiring_reportsIt() {
        assertThat(WIRING.matcher("import io.switchboard.app.EngineClient;").find()).isTrue();
        assertThat(WIRING.matcher("import io.switchboard.application.Foo;").find()).isFalse();
        assertThat(WIRING.matcher("import io.switchboard.port.EnginePort;").find()).isFalse();
    }

    @Test
    void purityCheck_onAForbiddenImport_reportsIt() {
        assertThat(FORBIDDEN.matcher("import io.vertx.core.json.JsonObject;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import io.switchboard.api.JsonViews;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import java.util.List;").find()).isFalse();
    }

    private static List<String> violations(Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("core", "engine")) {
            Path root = Path.of("src/main/java/io/switchboard", pkg);
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    var matcher = pattern.matcher(Files.readString(file));
                    while (matcher.find()) {
                        found.add(file + ": " + matcher.group().trim());
                    }
                }
            }
        }
        return found;
    }
}
