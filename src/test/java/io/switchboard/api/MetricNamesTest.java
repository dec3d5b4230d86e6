package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.switchboard.config.StrictYaml;

/**
 * Keeps the Grafana boards and the alert rules true: every metric name in their PromQL is exposed
 * by a real server, with the type its use implies ({@code _bucket} of a histogram, {@code _total}
 * of a counter, ...), and every {@code switchboard_*} family is documented in docs/metrics.md.
 */
class MetricNamesTest {
    /** Series Prometheus makes itself, not the server. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9.a-zA-Z_:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private static Vertx vertx;
    private static PrometheusText scrape;

    @BeforeAll
    static void scrapeARealServer() {
        Metrics metrics = Metrics.create(true);
        vertx = metrics.newVertx(new VertxOptions());
        TestServer server = TestServer.start(vertx, MetricsEndpointTest.CONFIG, metrics);
        server.putAgent("alice", "support", new JsonObject().put("billing", 4), new JsonObject().put("chat", 2));
        AgentClient alice = server.connect("alice");
        alice.await("welcome");
        server.createTicket(TestServer.ticket("chat", "billing", "c1"));
        // The GC pause timer appears after the first collection, reported asynchronously (a JMX
        // notification), so one System.gc() right before one scrape could miss it: await it.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        do {
            System.gc();
            scrape = PrometheusText.parse(server.get("/metrics").body());
        } while (!scrape.has("jvm_gc_pause_seconds_max") && System.nanoTime() < deadline);
        alice.close();
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    void boardsAndAlerts_everyMetricName_isExposedWithTheRightType() throws IOException {
        Map<String, String> used = new TreeMap<>();
        for (String expr : expressions()) {
            for (String name : metricNames(expr)) {
                used.putIfAbsent(name, expr);
            }
        }
        assertThat(used.keySet()).contains("switchboard_ticket_wait_seconds_bucket", "switchboard_queue_depth",
                "switchboard_journal_append_failures_total", "switchboard_journal_append_seconds_bucket",
                "switchboard_http_server_requests_seconds_bucket", "switchboard_websocket_connections",
                "jvm_memory_used_bytes").hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        used.forEach((name, expr) -> {
            String problem = check(name);
            if (problem != null) {
                problems.add(name + ": " + problem + " (in " + expr + ")");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void metricsDoc_everySwitchboardFamily_isDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/metrics.md"));
        Set<String> missing = new TreeSet<>();
        scrape.types.keySet().stream().filter(n -> n.startsWith("switchboard_") && !n.endsWith("_max"))
                .filter(n -> !doc.contains("`" + n + "`")).forEach(missing::add);
        assertThat(missing).isEmpty();
    }

    @Test
    void metricNames_ofAnExpression_skipFunctionsLabelsAndKeywords() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate(x_seconds_bucket{route=\"/v1\","
                + "le=\"$threshold\"}[1m]))) > 0.5 and on (queue) max by (queue) (y) == 0 offset 5m"))
                .containsExactlyInAnyOrder("x_seconds_bucket", "y");
    }

    /** Null when {@code name} is exposed as its use requires; else what is wrong. */
    private static String check(String name) {
        if (PROMETHEUS_OWN.contains(name)) {
            return null;
        }
        if (!scrape.has(name)) {
            return "no such series in /metrics";
        }
        if (name.endsWith("_bucket")) {
            return expect(family(name, "_bucket"), "histogram");
        }
        if (name.endsWith("_count") || name.endsWith("_sum")) {
            String family = family(name, name.endsWith("_count") ? "_count" : "_sum");
            String type = scrape.types.get(family);
            return "histogram".equals(type) || "summary".equals(type) ? null : "type of " + family + " is " + type;
        }
        if (name.endsWith("_total")) {
            return expect(name, "counter");
        }
        return expect(name, "gauge");
    }

    private static String expect(String family, String type) {
        String actual = scrape.types.get(family);
        return type.equals(actual) ? null : "expected " + family + " to be a " + type + ", is " + actual;
    }

    private static String family(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, labels or keywords. */
    static Set<String> metricNames(String expr) {
        String bare = STRING.matcher(expr).replaceAll("\"\"");
        bare = bare.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                collect(new JsonObject(Files.readString(file)), exprs);
            }
        }
        Object yaml = StrictYaml.load(Files.readString(Path.of("prometheus/alerts.yml")), "prometheus/alerts.yml");
        for (Object group : (List<?>) ((Map<?, ?>) yaml).get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                exprs.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
            }
        }
        assertThat(exprs).hasSizeGreaterThan(40);
        return exprs;
    }

    private static void collect(Object node, List<String> exprs) {
        if (node instanceof JsonObject object) {
            object.forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue() instanceof String s) {
                    exprs.add(s);
                } else {
                    collect(e.getValue(), exprs);
                }
            });
        } else if (node instanceof JsonArray array) {
            array.forEach(v -> collect(v, exprs));
        }
    }
}
