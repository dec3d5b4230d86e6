package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receivers on real loopback ports, spoken to over HTTP as Switchboard's webhook client does. */
class WebhookSinkTest {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient();
    private WebhookSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private int post(String id, String timestamp, String signature, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(sink.url())
                .putHeader("content-type", "application/json").putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", timestamp).putHeader("webhook-signature", signature);
        return http.request(options).compose(r -> r.send(Buffer.buffer(body))).map(r -> r.statusCode())
                .toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void healthy_answers200_booksDeliveriesAndChecksSignatures() {
        sink = WebhookSink.start(true, 1);
        sink.secret(WebhookSignatureTest.SECRET);
        long now = System.currentTimeMillis();
        sink.book().window(now - 60_000, now + 60_000);
        assertEquals(200, post(WebhookSignatureTest.ID, WebhookSignatureTest.TIMESTAMP, WebhookSignatureTest.SIGNATURE,
                WebhookSignatureTest.BODY));
        byte[] event = DeliveryBookTest.body("ticket.created", "t1", now).getBytes();
        assertEquals(200, post("msg_x_2", "1", "v1,AAAA", event));
        assertEquals(200, post("msg_x_2", "1", "v1,AAAA", event));
        DeliveryBook.Summary s = sink.book().summary();
        assertEquals(3, sink.requests());
        assertEquals(1, sink.verified(), "the specification's vector");
        assertEquals(2, sink.badSignatures());
        assertEquals(1, s.duplicates());
        assertEquals(1, s.ticketsCreated());
        assertEquals(1, s.unreadable(), "the vector's body has no timestamp");
        assertEquals(1, s.lag().getTotalCount());
    }

    @Test
    void failing_answers500_everyTime_booksNothing() {
        sink = WebhookSink.start(false, 1);
        byte[] event = DeliveryBookTest.body("ticket.created", "t1", Instant.now().toEpochMilli()).getBytes();
        assertEquals(500, post("msg_y_1", "1", "v1,AAAA", event));
        assertEquals(500, post("msg_y_1", "1", "v1,AAAA", event));
        assertEquals(2, sink.requests());
        assertEquals(0, sink.book().summary().deliveries());
    }
}
