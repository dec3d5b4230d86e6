package io.switchboard.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Saturated intake throughput, closed loop: {@code --concurrency} requests are always in flight
 * (each answer sends the next), so the figure is what the server completes per second when it is
 * the bottleneck, without an open-loop generator's backlog. For comparing journal backends
 * against in-memory mode and against the bare POST server ({@code --path /tickets} on
 * {@code bare-server}); the {@code e2e} mode runs it on fresh servers. Latency under a fixed rate
 * is what {@code steady} and {@code ramp} are for.
 *
 * <p>{@code java -cp load-tests.jar io.switchboard.load.IntakeThroughput --url http://localhost:8080
 * --concurrency 64 --warmup 10s --duration 20s [--path /v1/tickets]}
 */
public final class IntakeThroughput {
    /** What one closed-loop run completed; {@code failures} counts failed requests by status or exception. */
    record Result(double createdPerSecond, long failed, double p50Ms, double p99Ms, int concurrency,
            Map<String, Long> failures) {}

    private IntakeThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, 0);
        URI url = URI.create(a.string("url", "http://localhost:8080"));
        String path = a.string("path", "/v1/tickets");
        int concurrency = a.integer("concurrency", 64);
        String apiKey = a.string("api-key", Clients.ENV_BEARER);
        Duration warmup = a.duration("warmup", "10s");
        Duration duration = a.duration("duration", "20s");
        a.rejectUnknown();
        Result r = measure(url, path, apiKey, concurrency, warmup, duration);
        System.out.printf(Locale.ROOT, "RESULT created_per_s=%.0f failed=%d p50_ms=%.2f p99_ms=%.2f concurrency=%d"
                + " failures=%s%n", r.createdPerSecond(), r.failed(), r.p50Ms(), r.p99Ms(), r.concurrency(),
                r.failures().toString().replace(" ", ""));
        System.exit(0);
    }

    /** Posts tickets to {@code url}{@code path} with {@code concurrency} always in flight; counts 201s after the warm-up. */
    static Result measure(URI url, String path, String bearer, int concurrency, Duration warmup, Duration duration) {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
        Loop loop = new Loop(client, path, bearer, System.nanoTime() + warmup.toNanos(),
                System.nanoTime() + warmup.toNanos() + duration.toNanos(), concurrency);
        try {
            for (int i = 0; i < concurrency; i++) {
                vertx.runOnContext(v -> loop.next());
            }
            loop.done.await(warmup.toMillis() + duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result(loop.created.get() / seconds, loop.failed.get(), loop.latency.getValueAtPercentile(50) / 1000.0,
                loop.latency.getValueAtPercentile(99) / 1000.0, concurrency, new TreeMap<>(loop.failures));
    }

    /** The closed loop: each answer sends the next request until {@code end}. */
    private static final class Loop {
        final HttpClient client;
        final String path;
        final String bearer;
        final long measureFrom;
        final long end;
        final AtomicLong created = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final ConcurrentHistogram latency = new ConcurrentHistogram(3);
        final ConcurrentHashMap<String, Long> failures = new ConcurrentHashMap<>();
        final CountDownLatch done;

        Loop(HttpClient client, String path, String bearer, long measureFrom, long end, int concurrency) {
            this.client = client;
            this.path = path;
            this.bearer = bearer;
            this.measureFrom = measureFrom;
            this.end = end;
            this.done = new CountDownLatch(concurrency);
        }

        void next() {
            long sent = System.nanoTime();
            if (sent >= end) {
                done.countDown();
                return;
            }
            long n = sequence.incrementAndGet();
            String body = "{\"channel\":\"" + (n % 4 == 0 ? "email" : "chat") + "\",\"type\":\""
                    + (n % 3 == 0 ? "refund" : "question") + "\",\"subject\":\"Order A-" + n
                    + " has not arrived\",\"customer\":{\"id\":\"cust-" + (n % 10_000) + "\",\"tier\":\"standard\"}}";
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                    .putHeader("Content-Type", "application/json");
            if (bearer != null) {
                options.putHeader("Authorization", "Bearer " + bearer);
            }
            client.request(options)
                    .compose(request -> request.send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(result -> {
                        long now = System.nanoTime();
                        if (sent >= measureFrom && now < end) {
                            if (result.succeeded() && result.result() == 201) {
                                created.incrementAndGet();
                                latency.recordValue(Math.max(1, (now - sent) / 1000));
                            } else {
                                failed.incrementAndGet();
                                failures.merge(result.succeeded() ? String.valueOf(result.result())
                                        : result.cause().getClass().getSimpleName(), 1L, Long::sum);
                            }
                        }
                        next();
                    });
        }
    }
}
