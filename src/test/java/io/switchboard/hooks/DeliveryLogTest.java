package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery log's files: numbering across reopenings, pages, rotation bound, torn lines. */
class DeliveryLogTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
    }

    /** Runs {@code action} on a Vert.x context (where the log lives) and waits for its future. */
    private <T> T on(Supplier<Future<T>> action) {
        io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> action.get().onComplete(promise));
        return TestServer.await(promise.future());
    }

    private DeliveryLog load(long segmentBytes) {
        return TestServer.await(vertx.executeBlocking(() -> DeliveryLog.load(vertx, dir, "crm", segmentBytes)));
    }

    private static DeliveryLog.Attempt attempt(int i) {
        return new DeliveryLog.Attempt("msg_crm_" + i, "ticket.created", 1, 1_700_000_000_000L, 200, null, 1.5,
                "delivered", false);
    }

    private static List<Long> seqs(JsonArray deliveries) {
        List<Long> out = new ArrayList<>();
        deliveries.forEach(o -> out.add(((JsonObject) o).getLong("seq")));
        return out;
    }

    @Test
    void page_afterReopening_newestFirstAcrossPages_numberingContinues() {
        DeliveryLog log = load(DeliveryLog.SEGMENT_BYTES);
        on(() -> {
            for (int i = 1; i <= 5; i++) {
                log.record(attempt(i));
            }
            return log.flush();
        });
        DeliveryLog reopened = load(DeliveryLog.SEGMENT_BYTES);
        JsonObject first = on(() -> reopened.page(0, 2));
        assertThat(seqs(first.getJsonArray("deliveries"))).containsExactly(5L, 4L);
        assertThat(first.getJsonArray("deliveries").getJsonObject(0).getString("webhookId")).isEqualTo("msg_crm_5");
        JsonObject second = on(() -> reopened.page(first.getLong("olderThan"), 2));
        assertThat(seqs(second.getJsonArray("deliveries"))).containsExactly(3L, 2L);
        JsonObject last = on(() -> reopened.page(second.getLong("olderThan"), 2));
        assertThat(seqs(last.getJsonArray("deliveries"))).containsExactly(1L);
        assertThat(last.getLong("olderThan")).as("nothing older").isNull();
        on(() -> {
            reopened.record(attempt(6));
            return Future.succeededFuture();
        });
        assertThat(seqs(on(() -> reopened.page(0, 1)).getJsonArray("deliveries")))
                .as("an unflushed attempt is read too, numbered after the reopened ones").containsExactly(6L);
    }

    @Test
    void record_pastTheSegmentSize_rotatesAndKeepsAtMostTwoSegments() throws Exception {
        long segment = 4_096;
        DeliveryLog log = load(segment);
        for (int batch = 0; batch < 40; batch++) {
            int from = batch * 10;
            on(() -> {
                for (int i = 1; i <= 10; i++) {
                    log.record(attempt(from + i));
                }
                return log.flush();
            });
        }
        long bytes = Files.size(dir.resolve("crm.log")) + Files.size(dir.resolve("crm.log.1"));
        assertThat(bytes).as("two segments at most").isLessThanOrEqualTo(2 * segment);
        JsonArray all = on(() -> log.page(0, 1000)).getJsonArray("deliveries");
        List<Long> kept = seqs(all);
        assertThat(kept.get(0)).isEqualTo(400L);
        assertThat(kept.size()).as("the newest segment's worth at least").isGreaterThan(10).isLessThan(400);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo(kept.get(i - 1) - 1); // contiguous: nothing lost in between
        }
    }

    @Test
    void load_tornLastLine_cutOff_numberingFromTheLastWholeLine() throws Exception {
        DeliveryLog log = load(DeliveryLog.SEGMENT_BYTES);
        on(() -> {
            log.record(attempt(1));
            log.record(attempt(2));
            return log.flush();
        });
        Files.writeString(dir.resolve("crm.log"), "{\"seq\":3,\"webhookId\":\"msg_cr", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        DeliveryLog reopened = load(DeliveryLog.SEGMENT_BYTES);
        on(() -> {
            reopened.record(attempt(3));
            return reopened.flush();
        });
        assertThat(seqs(on(() -> reopened.page(0, 10)).getJsonArray("deliveries"))).containsExactly(3L, 2L, 1L);
        assertThat(Files.readAllLines(dir.resolve("crm.log"))).hasSize(3);
    }

    @Test
    void inMemory_keepsTheNewestEntries_pagesTheSameWay() {
        DeliveryLog log = TestServer.await(vertx.executeBlocking(() -> DeliveryLog.load(vertx, null, "crm")));
        JsonObject page = on(() -> {
            for (int i = 1; i <= DeliveryLog.MEMORY_ENTRIES + 5; i++) {
                log.record(attempt(i));
            }
            return log.page(7, 3);
        });
        assertThat(seqs(page.getJsonArray("deliveries"))).containsExactly(6L);
        assertThat(page.getLong("olderThan")).isNull();
        assertThat(seqs(on(() -> log.page(0, 2)).getJsonArray("deliveries")))
                .containsExactly((long) DeliveryLog.MEMORY_ENTRIES + 5, (long) DeliveryLog.MEMORY_ENTRIES + 4);
        try (var files = Files.list(dir)) {
            assertThat(files).as("in-memory mode writes nothing").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void lines_streamedEncoding_sameBytesAsEachEntrysJsonObject() {
        List<DeliveryLog.Entry> entries = List.of(
                new DeliveryLog.Entry(1, attempt(1)),
                new DeliveryLog.Entry(2, new DeliveryLog.Attempt("msg_crm_2", "ticket.replied", 3, 1_700_000_000_123L,
                        null, "connection refused: \"local\\host\"\n\u00e9\u4e2d\ud83d\ude00", 0.0, "retrying", true)),
                new DeliveryLog.Entry(3, new DeliveryLog.Attempt("msg_crm_3", "sla.breach", 9, 0L, 500, "HTTP 500",
                        1234.5678, "dead_lettered", false)),
                // timestamps: the same second again, a fraction with leading zeros, another second, before 1970
                new DeliveryLog.Entry(4, new DeliveryLog.Attempt("msg_crm_4", "ticket.created", 1, 1_700_000_000_005L,
                        200, null, 1.5, "delivered", false)),
                new DeliveryLog.Entry(5, new DeliveryLog.Attempt("msg_crm_5", "ticket.created", 1, 1_700_000_000_050L,
                        200, null, 1.5, "delivered", false)),
                new DeliveryLog.Entry(6, new DeliveryLog.Attempt("msg_crm_6", "ticket.created", 1, 1_700_000_001_000L,
                        200, null, 1.5, "delivered", false)),
                new DeliveryLog.Entry(7, new DeliveryLog.Attempt("msg_crm_7", "ticket.created", 1, -1L,
                        200, null, 1.5, "delivered", false)));
        StringBuilder expected = new StringBuilder();
        entries.forEach(e -> expected.append(e.json().encode()).append('\n'));

        assertThat(new String(DeliveryLog.lines(entries), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
