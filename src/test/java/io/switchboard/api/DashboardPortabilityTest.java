package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana boards import into any Grafana with any Prometheus: the data source is a variable
 * (never a fixed uid), every series is filtered by the {@code job} and {@code instance} variables
 * (one Prometheus may scrape several Switchboards), and rates use {@code $__rate_interval} (a fixed
 * 1m window breaks with a scrape interval over 15 s).
 */
final class DashboardPortabilityTest {
    private static final Pattern METRIC =
            Pattern.compile("(?<![0-9.a-zA-Z_:$\"])((?:switchboard|jvm|process|system)_[a-zA-Z0-9_:]*)(\\{)?");
    private static final Pattern RATE_WINDOW = Pattern.compile("\\b(?:rate|irate)\\([^\\[]*\\[([^\\]]*)\\]\\)");
    private static final String FILTER = "job=\"$job\",instance=~\"$instance\"";

    /** The boards over PostgreSQL, not Prometheus: history.GrafanaReportsBoardTest runs their SQL. */
    private static final java.util.Set<String> SQL_BOARDS = java.util.Set.of("switchboard-reports.json");

    static Stream<Path> boards() throws IOException {
        return Files.list(Path.of("grafana/dashboards")).filter(file -> file.toString().endsWith(".json"))
                .filter(file -> !SQL_BOARDS.contains(file.getFileName().toString())).sorted();
    }

    @ParameterizedTest
    @MethodSource("boards")
    void board_variables_dataSourceJobAndInstance(Path board) throws IOException {
        JsonArray variables = new JsonObject(Files.readString(board)).getJsonObject("templating").getJsonArray("list");
        List<String> names = new ArrayList<>();
        variables.forEach(v -> names.add(((JsonObject) v).getString("name")));
        assertThat(names).startsWith("datasource", "job", "instance");
        assertThat(variables.getJsonObject(0).getString("type")).isEqualTo("datasource");
        assertThat(variables.getJsonObject(0).getString("query")).isEqualTo("prometheus");
    }

    @ParameterizedTest
    @MethodSource("boards")
    void board_dataSources_referenceTheVariableNeverAFixedUid(Path board) throws IOException {
        List<JsonObject> sources = new ArrayList<>();
        collect(new JsonObject(Files.readString(board)), "datasource", sources);
        assertThat(sources).isNotEmpty();
        for (JsonObject source : sources) {
            if (!"grafana".equals(source.getString("type"))) { // Grafana's own annotation source
                assertThat(source.getString("uid")).as(board + ": " + source).isEqualTo("${datasource}");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("boards")
    void board_everySeries_filteredByJobAndInstanceWithRateInterval(Path board) throws IOException {
        List<String> exprs = new ArrayList<>();
        collect(new JsonObject(Files.readString(board)), "expr", exprs);
        assertThat(exprs).isNotEmpty();
        for (String expr : exprs) {
            Matcher metric = METRIC.matcher(expr);
            while (metric.find()) {
                assertThat(metric.group(2) != null && expr.startsWith(FILTER, metric.end()))
                        .as(board.getFileName() + ": " + metric.group(1) + " in " + expr).isTrue();
            }
            Matcher window = RATE_WINDOW.matcher(expr);
            while (window.find()) {
                assertThat(window.group(1)).as(board.getFileName() + ": " + expr).isEqualTo("$__rate_interval");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void collect(Object node, String key, List<T> found) {
        if (node instanceof JsonObject object) {
            object.forEach(e -> {
                if (e.getKey().equals(key) && (e.getValue() instanceof String || e.getValue() instanceof JsonObject)) {
                    found.add((T) e.getValue());
                } else {
                    collect(e.getValue(), key, found);
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(item -> collect(item, key, found));
        }
    }
}
