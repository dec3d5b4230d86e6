package io.switchboard.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus or Alertmanager from Debian's packages ({@code prometheus},
 * {@code prometheus-alertmanager}), run for a test on a free loopback port in its own directory,
 * with its output in {@code <dir>/process.log}. A missing binary fails the test and names the
 * package: CI ({@code .ci/run}) installs both.
 */
final class MonitoringProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private MonitoringProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Alertmanager routing every alert at once (1 s group wait) to one webhook receiver, no cluster. */
    static MonitoringProcess alertmanager(Path dir, String webhookUrl) {
        Path binary = binary("prometheus-alertmanager", "alertmanager")
                .orElseThrow(() -> missing("alertmanager", "prometheus-alertmanager"));
        int port = freePort();
        Path config = write(dir, "alertmanager.yml", String.join("\n",
                "route:",
                "  receiver: webhook",
                "  group_by: [alertname]",
                "  group_wait: 1s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: webhook",
                "    webhook_configs:",
                "      - url: " + webhookUrl,
                "        send_resolved: true",
                ""));
        return start(dir, port, List.of(binary.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
    }

    /**
     * Prometheus scraping {@code switchboard} every second and evaluating {@code rules} (the shipped
     * rule file, copied unchanged) every second, sending alerts to {@code alertmanager}.
     */
    static MonitoringProcess prometheus(Path dir, Path rules, String switchboard, String alertmanager) {
        Path binary = binary("prometheus").orElseThrow(() -> missing("prometheus", "prometheus"));
        int port = freePort();
        try {
            Files.createDirectories(dir);
            Files.copy(rules, dir.resolve("alerts.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path config = write(dir, "prometheus.yml", String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - alerts.yml",
                "alerting:",
                "  alertmanagers:",
                "    - static_configs:",
                "        - targets: ['" + alertmanager + "']",
                "scrape_configs:",
                "  - job_name: switchboard",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['" + switchboard + "']",
                ""));
        return start(dir, port, List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
    }

    int port() {
        return port;
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MonitoringProcess start(Path dir, int port, List<String> command) {
        Path log = dir.resolve("process.log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new MonitoringProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> binary(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(":")).map(entry -> Path.of(entry, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static IllegalStateException missing(String command, String debianPackage) {
        return new IllegalStateException(command + " is not on the PATH; install Debian's " + debianPackage
                + " package (.ci/run does)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
