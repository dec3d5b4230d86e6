package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.routing.RoutingConfig;
import io.switchboard.core.sla.SlaConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's meters, in one Prometheus registry scraped at {@code GET /metrics}: HTTP requests by
 * route template ({@link HttpMetrics}; never the raw path), open WebSockets, event-loop lag, the
 * {@code switchboard_*} domain meters recorded by {@link EngineMetrics}, JVM and process metrics,
 * and Vert.x's pool and client metrics.
 *
 * <p>Turned off ({@link #disabled()}), every meter is a Micrometer no-op (a deny-all filter), the
 * engine observer is {@link EngineObserver#NOOP}, Vert.x runs without its metrics SPI and
 * {@link #scrape()} is null; callers never check. Meter names and label sets are the contract of
 * the dashboards and alert rules in grafana/ and prometheus/ (MetricNamesTest keeps them true).
 *
 * <p>Threading: all methods are safe from any thread.
 */
public final class Metrics {
    /** Buckets for HTTP request time: intake latency percentiles come from these. */
    private static final Duration[] HTTP_BUCKETS = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
            5000, 10000);
    private static final Duration[] JOURNAL_BUCKETS = millis(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250,
            1000);

    private final boolean enabled;
    private final PrometheusMeterRegistry registry;
    private final Counter wsDroppedClosed;
    private final Counter wsTooSlowBacklog;
    private final Counter wsTooSlowStalled;
    private final AtomicLong wsOpen = new AtomicLong();
    private final SocketMeter sockets;
    private final HttpMetrics http;
    private final Timer journalAppend;
    private final Counter journalFailures;
    private final Counter headerTimeouts;

    private Metrics(boolean enabled) {
        this.enabled = enabled;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (!enabled) {
            registry.config().meterFilter(MeterFilter.deny());
        } else {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        }
        this.wsDroppedClosed = Counter.builder("switchboard.websocket.messages.dropped")
                .description("Messages for a WebSocket that were not sent because the socket had closed")
                .tag("reason", "closed").register(registry);
        this.wsTooSlowBacklog = slowConsumerCloses(SocketMeter.SlowConsumer.BACKLOG);
        this.wsTooSlowStalled = slowConsumerCloses(SocketMeter.SlowConsumer.STALLED);
        BuildInfo build = BuildInfo.current();
        Gauge.builder("switchboard.build.info", () -> 1)
                .description("Always 1; the labels say which build runs: version, commit, Java runtime")
                .tags("version", build.version(), "commit", build.commit(), "java", build.java())
                .register(registry);
        Gauge.builder("switchboard.websocket.connections", wsOpen, AtomicLong::get)
                .description("Open agent and supervisor WebSocket sessions").register(registry);
        this.sockets = enabled ? new SocketMeter() {
            @Override
            public void opened() {
                wsOpen.incrementAndGet();
            }

            @Override
            public void closed() {
                wsOpen.decrementAndGet();
            }

            @Override
            public void dropped() {
                wsDroppedClosed.increment();
            }

            @Override
            public void closedTooSlow(SlowConsumer trigger) {
                (trigger == SlowConsumer.BACKLOG ? wsTooSlowBacklog : wsTooSlowStalled).increment();
            }
        } : SocketMeter.NOOP;
        this.http = enabled ? new HttpMetrics(registry, HTTP_BUCKETS) : null;
        this.journalAppend = Timer.builder("switchboard.journal.append")
                .description("Time to append one command's events to the journal")
                .serviceLevelObjectives(JOURNAL_BUCKETS).register(registry);
        this.journalFailures = Counter.builder("switchboard.journal.append.failures")
                .description("Journal appends that failed").register(registry);
        this.headerTimeouts = Counter.builder("switchboard.http.header.timeouts")
                .description("HTTP connections closed for not sending complete request headers in time")
                .register(registry);
    }

    private Counter slowConsumerCloses(SocketMeter.SlowConsumer trigger) {
        return Counter.builder("switchboard.websocket.slow.consumer.closes")
                .description("WebSocket sessions closed (1013) because the client did not read what it was sent")
                .tag("trigger", trigger.label()).register(registry);
    }

    public static Metrics create(boolean enabled) {
        return new Metrics(enabled);
    }

    public static Metrics disabled() {
        return new Metrics(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The registry, for adapters that add their own meters (no-op meters when disabled). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A Vert.x whose pool and client metrics go to this registry (its HTTP-server, HTTP-client and
     * event-bus metrics are off, see below); a plain Vert.x when disabled. One Vert.x per {@code Metrics}.
     */
    public Vertx newVertx(VertxOptions options) {
        if (!enabled) {
            return Vertx.vertx(options);
        }
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                // Route templates are bounded; HTTP_PATH (raw paths with ticket ids) stays off.
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
                        Label.POOL_NAME, Label.EB_SIDE, Label.CLIENT_NAME, Label.SERVER_NAME, Label.NAMESPACE))
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        // HTTP server requests, WebSockets and the engine's event-bus traffic are measured by
        // HttpMetrics, SocketMeter and EngineMetrics: Vert.x's versions looked meters up per
        // request and message (docs/BENCHMARKS.md). Pools, clients and TCP stay on.
        metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
        metrics.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
        // The HTTP client's too: it registers or looks up its meters per request, ~7 % of a webhook
        // delivery's CPU (issue 14's profile); webhooks and WeChat replies have meters of their own.
        metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
        return Vertx.builder().with(options.setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    /**
     * Starts what runs inside Vert.x: one event-loop lag probe per event loop. Call once per
     * Vert.x; a no-op when disabled.
     */
    public Future<Void> start(Vertx vertx, int eventLoops) {
        if (!enabled) {
            return Future.succeededFuture();
        }
        return vertx.deployVerticle(() -> new EventLoopProbe(registry),
                new DeploymentOptions().setInstances(eventLoops)).mapEmpty();
    }

    /** The observer of one engine: tickets, offers, queues, agents, SLA events, decision time. */
    public EngineObserver engineObserver(RoutingConfig routing, SlaConfig sla) {
        return enabled ? new EngineMetrics(registry, routing, sla) : EngineObserver.NOOP;
    }

    /** Prometheus text exposition of every meter, or null when disabled. Not for an event loop. */
    public String scrape() {
        return enabled ? registry.scrape() : null;
    }

    /** What WebSocket sessions report (open sessions, dropped messages); a no-op when disabled. */
    public SocketMeter sockets() {
        return sockets;
    }

    /**
     * Names why the request of {@code rc} is refused with 401, 403 or 429, for
     * {@code switchboard_http_rejections_total{status,reason}}; call before sending the problem.
     * {@code reason} is one of {@link #REJECTION_REASONS} for that status (anything else counts as
     * {@code other}). A no-op when metrics are off.
     */
    public static void rejecting(RoutingContext rc, String reason) {
        rc.put(HttpMetrics.REJECTION_REASON, reason);
    }

    /** The reasons {@link #rejecting} accepts, by status: the bounded label values. */
    public static final java.util.Map<Integer, java.util.List<String>> REJECTION_REASONS = HttpMetrics.REASONS;

    /**
     * The HTTP request timers by route, for the router's first handler (it calls
     * {@link HttpTiming#begin} and ends them itself); empty when disabled.
     */
    public Optional<HttpTiming> httpTiming() {
        return Optional.ofNullable(http);
    }

    /** Hook for the HTTP server: one connection was closed for not finishing its request headers in time. */
    public void headerTimedOut() {
        headerTimeouts.increment();
    }

    /** Hook for the journal: one append (of one command's events) took {@code nanos}. */
    public void recordJournalAppend(long nanos) {
        journalAppend.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The history projection's lag behind the journal: durable events it has not committed, and
     * the age of the oldest of them in seconds (0 when caught up). Suppliers are read at scrape
     * time from another thread, so they must be thread-safe.
     */
    public void historyLag(java.util.function.LongSupplier events, java.util.function.DoubleSupplier seconds) {
        if (!enabled) {
            return;
        }
        io.micrometer.core.instrument.Gauge.builder("switchboard.history.lag.events", events::getAsLong)
                .description("Durable events the history store has not committed yet").register(registry);
        io.micrometer.core.instrument.Gauge.builder("switchboard.history.lag", seconds::getAsDouble)
                .description("Age of the oldest durable event the history store has not committed")
                .baseUnit("seconds").register(registry);
    }

    /**
     * One journal follower's lag: durable events after the position it holds back from compaction
     * (its saved cursor; the history store's committed position). Read at scrape time from another
     * thread, so the supplier must be thread-safe.
     */
    public void followerLag(String follower, java.util.function.LongSupplier events) {
        if (!enabled) {
            return;
        }
        io.micrometer.core.instrument.Gauge.builder("switchboard.journal.follower.lag.events", events::getAsLong)
                .tag("follower", follower)
                .description("Durable journal events after the position a follower holds back from compaction")
                .register(registry);
    }

    /** Hook for the journal: one append failed (the command was not acknowledged). */
    public void journalAppendFailed() {
        journalFailures.increment();
    }

    static Duration[] millis(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000));
        }
        return durations;
    }
}
