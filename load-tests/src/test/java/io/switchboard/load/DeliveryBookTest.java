package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryBookTest {
    private static final long T0 = Instant.parse("2026-12-06T18:00:00Z").toEpochMilli();

    static String body(String type, String ticketId, long atMillis) {
        return new JsonObject().put("type", type).put("timestamp", Instant.ofEpochMilli(atMillis).toString())
                .put("data", new JsonObject().put("ticketId", ticketId)).encode();
    }

    @Test
    void lagMicros_arrivalAfterEvent_isTheDifference() {
        assertEquals(250_000, DeliveryBook.lagMicros(T0, T0 + 250));
    }

    @Test
    void lagMicros_arrivalBeforeEvent_isZero() {
        assertEquals(0, DeliveryBook.lagMicros(T0 + 5, T0));
    }

    @Test
    void delivered_eventsInsideTheWindow_lagPercentilesFromTheBodyTimestamp() {
        DeliveryBook book = new DeliveryBook();
        book.window(T0, T0 + 10_000);
        for (int i = 1; i <= 100; i++) { // lags 1..100 ms
            book.delivered("msg_a_" + i, body("ticket.created", "t" + i, T0 + i), T0 + 2L * i);
        }
        book.delivered("msg_a_early", body("ticket.created", "t-early", T0 - 1), T0 + 5_000); // before the window
        book.delivered("msg_a_late", body("ticket.created", "t-late", T0 + 10_000), T0 + 15_000); // window is [from, to)
        DeliveryBook.Summary s = book.summary();
        assertEquals(100, s.lag().getTotalCount());
        assertEquals(50.0, s.lagMs(50), 0.1);
        assertEquals(99.0, s.lagMs(99), 0.1);
        assertEquals(100.0, s.maxLagMs(), 0.1);
        assertEquals(102, s.ticketsCreated());
        assertEquals(T0 + 15_000, s.lastArrivalMillis());
    }

    @Test
    void delivered_sameIdTwice_countedAsDuplicateAndBookedOnce() {
        DeliveryBook book = new DeliveryBook();
        book.window(T0, T0 + 10_000);
        book.delivered("msg_a_1", body("ticket.created", "t1", T0), T0 + 10);
        book.delivered("msg_a_1", body("ticket.created", "t1", T0), T0 + 900);
        book.delivered("msg_a_2", body("ticket.resolved", "t1", T0 + 1), T0 + 20);
        book.delivered(null, body("ticket.resolved", "t1", T0 + 1), T0 + 20);
        DeliveryBook.Summary s = book.summary();
        assertEquals(4, s.deliveries());
        assertEquals(2, s.distinctIds());
        assertEquals(2, s.duplicates());
        assertEquals(1, s.ticketsCreated());
        assertEquals(1, s.ticketsResolved());
        assertEquals(2, s.lag().getTotalCount(), "a duplicate's lag is not booked again");
        assertEquals(1L, s.byType().get("ticket.created"));
        assertEquals(1L, s.byType().get("ticket.resolved"));
    }

    @Test
    void delivered_bodyWithoutTimestamp_unreadableNotALag() {
        DeliveryBook book = new DeliveryBook();
        book.window(T0, T0 + 10_000);
        book.delivered("msg_a_1", "{\"type\":\"ticket.created\"}", T0);
        book.delivered("msg_a_2", "not json", T0);
        DeliveryBook.Summary s = book.summary();
        assertEquals(2, s.unreadable());
        assertEquals(0, s.lag().getTotalCount());
        assertEquals(Double.NaN, s.lagMs(99));
    }
}
