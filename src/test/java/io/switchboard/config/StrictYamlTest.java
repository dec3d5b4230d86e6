package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML file the repo ships parses under the strict rules the server applies to its configuration. */
class StrictYamlTest {
    private static final List<String> ROOTS = List.of("docs", "prometheus", "grafana", "load-tests",
            "src/main/resources", "src/test/resources", "src/test/golden");

    @Test
    void load_duplicateKey_failsNamingSourceKeyAndBothLines() {
        assertThatThrownBy(() -> StrictYaml.load("a:\n  b: 1\n  c: 2\n  b: 3\n", "x.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration at 'x.yaml': duplicate key 'b' at line 4, column 3"
                        + " (in the mapping that starts at line 2); each key may appear once");
    }

    @Test
    void load_sameKeyInSiblingMappings_isAllowed() {
        assertThat(StrictYaml.load("a: {x: 1}\nb: {x: 2}\n", "x.yaml")).isNotNull();
    }

    @Test
    void everyRepoYaml_loadsStrictly() throws IOException {
        List<Path> files;
        try (Stream<Path> all = ROOTS.stream().map(Path::of).filter(Files::isDirectory).flatMap(StrictYamlTest::walk)) {
            files = all.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).contains(Path.of("docs/openapi.yaml"), Path.of("prometheus/alerts.yml"),
                Path.of("src/main/resources/switchboard-demo.yaml"));
        for (Path file : files) {
            // multi-document files (none today) would need loadAll; every file here is one document
            StrictYaml.load(Files.readString(file), file.toString());
        }
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root).filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
