package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.follow.FileCursorStore;
import io.switchboard.follow.JournalFollower;
import io.switchboard.metrics.WebhookMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription's ticket contexts are saved by appending the changed ones to
 * {@code <id>.tickets.log}, folded into a whole {@code <id>.tickets.json} once the log outgrows the
 * live set; a restart reads both (and skips a torn last line). The subscription is disabled: it
 * reads and keeps contexts but sends nothing, so no endpoint is needed.
 */
class WebhookTicketLogTest {
    private static final long AT = 1_700_000_000_000L;
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final List<DomainEvent> journal = new ArrayList<>();
    @TempDir
    Path data;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void save_contextsChanged_appendsOnlyTheChangedOnesAndARestartRestoresThem() throws Exception {
        WebhookFiles files = files();
        SubscriptionWorker first = open(files);
        journal.add(created("T-1"));
        journal.add(created("T-2"));
        journal.add(created("T-3"));
        journal.add(queued("T-1", "billing"));
        readAndSave(first);
        journal.add(queued("T-2", "vip"));
        readAndSave(first);

        List<String> lines = Files.readAllLines(data.resolve("webhooks/wh.tickets.log"));
        assertThat(lines).hasSize(2);
        assertThat(new JsonObject(lines.get(0)).getJsonObject("tickets").fieldNames())
                .containsExactlyInAnyOrder("T-1", "T-2", "T-3");
        assertThat(new JsonObject(lines.get(1)).getJsonObject("tickets").fieldNames()).containsExactly("T-2");
        assertThat(new JsonObject(lines.get(1)).getLong("asOf")).isEqualTo(5);
        assertThat(new JsonObject(Files.readString(data.resolve("webhooks/wh.tickets.json")))
                .getJsonObject("tickets")).as("the whole save is not rewritten").isEmpty();
        Files.writeString(data.resolve("webhooks/wh.tickets.log"), "{\"asOf\":9,\"tickets\":{\"T-9\":{\"chan",
                StandardOpenOption.APPEND); // an append torn by a crash: its save never completed

        SubscriptionWorker restarted = open(files);
        assertThat(restarted.readPosition()).isEqualTo(5);
        assertThat(restarted.context("T-1").queue()).isEqualTo("billing");
        assertThat(restarted.context("T-2").queue()).isEqualTo("vip");
        assertThat(restarted.context("T-3").queue()).isEqualTo("general");
        assertThat(restarted.context("T-9")).isNull();
    }

    @Test
    void save_logOutgrowsTheLiveSet_foldsItIntoAWholeSaveAndDeletesIt() throws Exception {
        WebhookFiles files = files();
        SubscriptionWorker first = open(files);
        int tickets = SubscriptionWorker.TICKET_LOG_MIN_COMPACT + 4;
        for (int i = 0; i < tickets; i++) {
            journal.add(created("T-" + i));
        }
        readAndSave(first);
        assertThat(data.resolve("webhooks/wh.tickets.log")).exists();
        journal.add(queued("T-7", "billing"));
        readAndSave(first);

        assertThat(data.resolve("webhooks/wh.tickets.log")).doesNotExist();
        JsonObject whole = new JsonObject(Files.readString(data.resolve("webhooks/wh.tickets.json")));
        assertThat(whole.getLong("asOf")).isEqualTo(tickets + 1);
        assertThat(whole.getJsonObject("tickets").size()).isEqualTo(tickets);
        SubscriptionWorker restarted = open(files);
        assertThat(restarted.context("T-7").queue()).isEqualTo("billing");
        assertThat(restarted.context("T-" + (tickets - 1))).isNotNull();
    }

    @Test
    void applyLog_linesAtOrBeforeTheWholeSave_areSkipped() {
        Map<String, TicketContext> contexts = new java.util.HashMap<>();
        Map<String, Long> retired = new java.util.HashMap<>();
        contexts.put("T-1", new TicketContext("chat", "vip", "key:bot", "c", null, Map.of()));
        String log = "{\"asOf\":3,\"tickets\":{\"T-1\":{\"channel\":\"chat\",\"queue\":\"old\",\"createdBy\":\"key:bot\"}}}\n";
        long[] applied = new long[1];

        long asOf = WebhookFiles.applyLog(log, 4, contexts, retired, applied);

        assertThat(asOf).isEqualTo(4);
        assertThat(applied[0]).isZero();
        assertThat(contexts.get("T-1").queue()).as("a crash between the whole save and the log's deletion")
                .isEqualTo("vip");
    }

    private WebhookFiles files() {
        return new WebhookFiles(data.resolve("webhooks"), new FileCursorStore(vertx, data));
    }

    private void readAndSave(SubscriptionWorker worker) {
        long head = journal.size();
        await(onContext(() -> {
            worker.pump(); // the source answers at once: the worker has read everything when pump returns
            return Future.succeededFuture();
        }));
        assertThat(worker.readPosition()).isEqualTo(head);
        await(onContext(worker::save));
    }

    private SubscriptionWorker open(WebhookFiles files) {
        SubscriptionWorker.EventSource source = new SubscriptionWorker.EventSource() {
            @Override
            public Future<JournalFollower.Chunk> read(long after, int max) {
                int from = (int) after;
                int to = Math.min(journal.size(), from + max);
                return Future.succeededFuture(new JournalFollower.Chunk(after + 1, List.copyOf(journal.subList(from, to))));
            }

            @Override
            public long head() {
                return journal.size();
            }
        };
        Subscription disabled = new Subscription("wh", "http://127.0.0.1:9/hook", Set.of("ticket.created"), Set.of(),
                Set.of(), Set.of(), null, List.of(WebhookServerTest.SECRET), "config", "disabled", 0);
        return await(onContext(() -> SubscriptionWorker.open(vertx, disabled, WebhookSettings.DEFAULTS, source, files,
                WebhookMetrics.NOOP, new UrlGuard(vertx, true), new WebhookHttp(vertx, 4, 10_000))));
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return done.future();
    }

    private static DomainEvent.TicketCreated created(String id) {
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("cust-1", CustomerTier.STANDARD,
                "Li"), "refund", "Refund", null, List.of(), null, Set.of(), Map.of(), null);
        return new DomainEvent.TicketCreated(AT, id, 1, draft, "general", "key:bot", "intake", null, "fp", null);
    }

    private static DomainEvent.TicketQueued queued(String id, String queue) {
        return new DomainEvent.TicketQueued(AT, id, queue, null, 0, "router", "moved");
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void line_streamed_sameDocumentAsTheJsonObjectEncoding_andReadBack() {
        Map<String, TicketContext> contexts = new java.util.HashMap<>();
        Map<String, Long> retired = new java.util.HashMap<>();
        for (WebhookBodySamples.Sample s : WebhookBodySamples.all()) {
            if (s.ticket() != null) {
                contexts.put("t-" + contexts.size(), s.ticket());
            }
        }
        retired.put("t-1", 42L);
        List<String> ids = new ArrayList<>(contexts.keySet());
        ids.add("t-gone"); // changed, then dropped: left out, as encode() does

        String line = WebhookFiles.line(7, ids, contexts, retired);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonObject read = new JsonObject(line.strip());
        assertThat(read).isEqualTo(WebhookFiles.encode(7, ids, contexts, retired));
        Map<String, TicketContext> back = new java.util.HashMap<>();
        Map<String, Long> backRetired = new java.util.HashMap<>();
        WebhookFiles.decode(read, back, backRetired);
        assertThat(back).isEqualTo(contexts);
        assertThat(backRetired).isEqualTo(retired);
    }

    @Test
    void ticketLogLine_bufferKeptBetweenLines_sameTextAsLine_longThenShortThenEmpty() {
        Map<String, TicketContext> contexts = new java.util.HashMap<>();
        for (WebhookBodySamples.Sample s : WebhookBodySamples.all()) {
            if (s.ticket() != null) {
                contexts.put("t-" + contexts.size(), s.ticket());
            }
        }
        Map<String, Long> retired = new java.util.HashMap<>(Map.of("t-1", 42L));
        List<String> all = new ArrayList<>(contexts.keySet());
        all.add("t-gone");
        WebhookFiles files = new WebhookFiles(null, null);

        for (List<String> ids : List.of(all, all.subList(0, 1), List.<String>of(), all)) {
            assertThat(files.ticketLogLine(9, ids, contexts, retired)).isEqualTo(WebhookFiles.line(9, ids, contexts, retired));
        }
        assertThat(files.ticketLogLine(9, List.of(), contexts, retired)).isEqualTo("{\"asOf\":9,\"tickets\":{}}\n");
    }
}
