package io.switchboard.load;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a healthy webhook receiver got: every delivery by {@code webhook-id} (a second delivery of
 * an id is a duplicate), the tickets whose {@code ticket.created} and {@code ticket.resolved}
 * arrived, counts by event type, and the delivery lag of the events that happened inside the
 * measured window {@code [from, to)}: arrival minus the event's own time (the body's
 * {@code timestamp}, milliseconds, set by the engine when the event happened; the
 * {@code webhook-timestamp} header is the attempt's time in whole seconds, too coarse for a lag).
 * Lag is recorded in microseconds (millisecond resolution) like the generator's other latencies.
 *
 * <p>Both clocks are this machine's wall clock: the server and the generator run on one box.
 * Threading: one receiver event loop writes; read after the run (synchronized, it is cheap here).
 */
final class DeliveryBook {
    private final Set<String> ids = new HashSet<>();
    private final Set<String> created = new HashSet<>();
    private final Set<String> resolved = new HashSet<>();
    private final Map<String, Long> byType = new TreeMap<>();
    private final Histogram lag = new Histogram(3);
    private long deliveries;
    private long duplicates;
    private long unreadable;
    private long lastArrivalMillis;
    private long fromMillis = Long.MAX_VALUE;
    private long toMillis = Long.MAX_VALUE;

    /** Only events that happened in {@code [from, to)} (epoch ms) count towards the lag. */
    synchronized void window(long from, long to) {
        fromMillis = from;
        toMillis = to;
    }

    /** One request answered 2xx: its {@code webhook-id}, its body as received, when it arrived (epoch ms). */
    synchronized void delivered(String webhookId, String body, long arrivalMillis) {
        deliveries++;
        lastArrivalMillis = Math.max(lastArrivalMillis, arrivalMillis);
        if (webhookId == null || !ids.add(webhookId)) {
            duplicates++;
            return;
        }
        JsonObject json;
        long at;
        try {
            json = new JsonObject(body);
            at = Instant.parse(json.getString("timestamp")).toEpochMilli();
        } catch (RuntimeException e) { // DecodeException, DateTimeParseException, NullPointerException
            unreadable++;
            return;
        }
        String type = json.getString("type", "?");
        byType.merge(type, 1L, Long::sum);
        JsonObject data = json.getJsonObject("data");
        String ticketId = data == null ? null : data.getString("ticketId");
        if (ticketId != null && type.equals("ticket.created")) {
            created.add(ticketId);
        } else if (ticketId != null && type.equals("ticket.resolved")) {
            resolved.add(ticketId);
        }
        if (at >= fromMillis && at < toMillis) {
            lag.recordValue(lagMicros(at, arrivalMillis));
        }
    }

    /** Arrival minus event time in microseconds, never negative (clock steps are not lags). */
    static long lagMicros(long eventMillis, long arrivalMillis) {
        return Math.max(0, arrivalMillis - eventMillis) * 1000;
    }

    synchronized Summary summary() {
        return new Summary(deliveries, ids.size(), duplicates, unreadable, created.size(), resolved.size(),
                new TreeMap<>(byType), lag.copy(), lastArrivalMillis);
    }

    /**
     * {@code lag} in microseconds, for the events inside the window; {@code distinctIds} the ids
     * delivered at least once; {@code duplicates} deliveries of an id already delivered.
     */
    record Summary(long deliveries, long distinctIds, long duplicates, long unreadable, int ticketsCreated,
            int ticketsResolved, Map<String, Long> byType, Histogram lag, long lastArrivalMillis) {
        double lagMs(double percentile) {
            return lag.getTotalCount() == 0 ? Double.NaN : lag.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxLagMs() {
            return lag.getTotalCount() == 0 ? Double.NaN : lag.getMaxValue() / 1000.0;
        }
    }
}
