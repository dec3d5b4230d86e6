package io.switchboard.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Saturated intake throughput, closed loop: {@code --concurrency} requests are always in flight
 * (each answer sends the next), so the figure is what the server completes per second when it is
 * the bottleneck, without an open-loop generator's backlog. For comparing journal backends
 * against in-memory mode; latency under a fixed rate is what {@code steady} and {@code ramp} are for.
 *
 * <p>{@code java -cp load-tests.jar io.switchboard.load.IntakeThroughput --url http://localhost:8080
 * --concurrency 64 --warmup 10s --duration 20s}
 */
public final class IntakeThroughput {
    /** Why requests failed (status code or exception), so a broken run is not mistaken for a slow one. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Long> FAILURES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private IntakeThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, 0);
        URI url = URI.create(a.string("url", "http://localhost:8080"));
        int concurrency = a.integer("concurrency", 64);
        String apiKey = a.string("api-key", System.getenv("SB_TOKEN"));
        long warmupMillis = Long.parseLong(a.string("warmup", "10s").replace("s", "")) * 1000;
        long durationMillis = Long.parseLong(a.string("duration", "20s").replace("s", "")) * 1000;
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
        AtomicLong created = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
        long end = measureFrom + TimeUnit.MILLISECONDS.toNanos(durationMillis);
        AtomicLong sequence = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> next(client, apiKey, sequence, created, failed, latency, measureFrom, end, done));
        }
        done.await(warmupMillis + durationMillis + 60_000, TimeUnit.MILLISECONDS);
        double seconds = durationMillis / 1000.0;
        System.out.printf(Locale.ROOT, "RESULT created_per_s=%.0f failed=%d p50_ms=%.2f p99_ms=%.2f concurrency=%d"
                + " failures=%s%n", created.get() / seconds, failed.get(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, concurrency, FAILURES.toString().replace(" ", ""));
        client.close();
        vertx.close();
    }

    private static void next(HttpClient client, String apiKey, AtomicLong sequence, AtomicLong created, AtomicLong failed,
            ConcurrentHistogram latency, long measureFrom, long end, CountDownLatch done) {
        long sent = System.nanoTime();
        if (sent >= end) {
            done.countDown();
            return;
        }
        long n = sequence.incrementAndGet();
        String body = "{\"channel\":\"" + (n % 4 == 0 ? "email" : "chat") + "\",\"type\":\""
                + (n % 3 == 0 ? "refund" : "question") + "\",\"subject\":\"Order A-" + n
                + " has not arrived\",\"customer\":{\"id\":\"cust-" + (n % 10_000) + "\",\"tier\":\"standard\"}}";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/tickets")
                .putHeader("Content-Type", "application/json");
        if (apiKey != null) {
            options.putHeader("Authorization", "Bearer " + apiKey);
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
                            FAILURES.merge(result.succeeded() ? String.valueOf(result.result())
                                    : result.cause().getClass().getSimpleName(), 1L, Long::sum);
                        }
                    }
                    next(client, apiKey, sequence, created, failed, latency, measureFrom, end, done);
                });
    }
}
