package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.ArchivedTicket;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketEvent;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.core.ticket.TicketStatus;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archived tickets leave the snapshots of both journals, but only up to what the history store has
 * committed (the snapshot limit), and the engine's id counters survive in the last archive event.
 */
class ArchivedSnapshotTest extends OnRealRedis {
    @TempDir
    Path dir;

    /** A ticket's whole life: created, replied, closed, archived (4 events). */
    static List<DomainEvent> lifecycle(int n, long at) {
        String id = "tkt_" + n;
        TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, new Customer("c" + n, CustomerTier.STANDARD,
                null), null, "subject", null, List.of(), null, Set.of(), Map.of(), null);
        ArchivedTicket finalState = new ArchivedTicket(id, n, TicketStatus.CLOSED, Priority.NORMAL,
                CustomerTier.STANDARD, draft, List.of(), "general", "alice", null, null, at, at + 3, "api", null, Map.of());
        return List.of(new TicketCreated(at, id, n, draft, "general", "api", "intake", null, null, null),
                new TicketReplied(at + 1, id, "hello", "agent:alice", "reply"),
                new TicketClosed(at + 2, id, "api", "done"),
                new TicketArchived(at + 3, id, finalState, n, 7 * n, DomainEvent.ROUTER, "retention"));
    }

    static List<DomainEvent> openTicket(int n, long at) {
        return lifecycle(n, at).subList(0, 2);
    }

    private static List<String> ticketsIn(List<DomainEvent> events) {
        return events.stream().filter(e -> e instanceof TicketEvent).map(e -> ((TicketEvent) e).ticketId())
                .distinct().toList();
    }

    @Test
    void fileSnapshot_mergedBase_dropsArchivedTicketsButKeepsTheLastArchiveEvent() throws Exception {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, 0);
        await(journal.open());
        List<DomainEvent> written = new ArrayList<>();
        written.addAll(lifecycle(1, 1000));
        written.addAll(openTicket(2, 2000));
        written.addAll(lifecycle(3, 3000));
        await(journal.append(written));
        await(journal.snapshot(written.size()));
        await(journal.append(openTicket(4, 4000)));
        await(journal.close());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("base-00000000000000000010.snap", "segment-00000000000000000011.log");
        }

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());

        assertThat(ticketsIn(recovered)).containsExactly("tkt_2", "tkt_3", "tkt_4");
        assertThat(recovered.stream().filter(e -> ((TicketEvent) e).ticketId().equals("tkt_3")))
                .as("only the last archive event stays, for the id counters")
                .singleElement().isInstanceOf(TicketArchived.class);
    }

    @Test
    void fileSnapshot_limitBelowPosition_compactsNothingTheHistoryStoreHasNotCommitted() throws Exception {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, 0);
        await(journal.open());
        await(journal.append(lifecycle(1, 1000)));
        await(journal.snapshot(0));
        List<DomainEvent> more = new ArrayList<>(lifecycle(2, 2000));
        await(journal.append(more));
        await(journal.snapshot(4));
        await(journal.close());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("base-00000000000000000004.snap",
                    "segment-00000000000000000005.log");
        }

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());

        assertThat(ticketsIn(recovered)).as("ticket 1 compacted (limit 4), ticket 2 still in the journal")
                .containsExactly("tkt_1", "tkt_2");
        assertThat(recovered).hasSize(1 + 4);
    }

    @Test
    void fileSnapshot_windowWithOnlyTheArchive_keepsTheTicketsEvents() throws Exception {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, Long.MAX_VALUE);
        await(journal.open());
        List<DomainEvent> life = lifecycle(1, 1000);
        await(journal.append(life.subList(0, 3)));
        await(journal.snapshot());
        await(journal.append(life.subList(3, 4)));
        await(journal.snapshot());
        await(journal.close());

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());

        assertThat(recovered).as("the creation is in an earlier window: dropping the archive would revive it")
                .isEqualTo(life);
    }

    @Test
    void fileSnapshot_windowsGrowPastTheBase_mergeDropsEveryArchivedTicket() throws Exception {
        FileJournal journal = new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000, 0);
        await(journal.open());
        List<DomainEvent> churn = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            churn.add(new AgentPresenceChanged(i, "alice", i % 2 == 0 ? Presence.AVAILABLE : Presence.AWAY, "agent"));
        }
        await(journal.append(churn));
        int n = 0;
        for (int round = 0; round < 6; round++) {
            List<DomainEvent> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<DomainEvent> life = lifecycle(++n, 10_000L * n);
                batch.addAll(life.subList(0, 3));
                await(journal.append(batch));
                batch.clear();
                await(journal.snapshot());
                batch.add(life.get(3));
            }
            await(journal.append(batch));
            await(journal.snapshot());
        }
        await(journal.append(openTicket(++n, 10_000L * n)));
        await(journal.close());

        List<DomainEvent> recovered = await(new FileJournal(vertx, dir, FileJournal.Fsync.ALWAYS, 1000).open());

        assertThat(ticketsIn(recovered)).as("the open ticket and the carrier of the last counters")
                .containsExactly("tkt_30", "tkt_31");
        assertThat(recovered.stream().filter(e -> e instanceof AgentPresenceChanged)).hasSize(2);
    }

    @Test
    void redisSnapshot_mergedBase_dropsArchivedTicketsUpToTheLimit() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false, 0);
        await(journal.open());
        List<DomainEvent> written = new ArrayList<>();
        written.addAll(lifecycle(1, 1000));
        written.addAll(openTicket(2, 2000));
        written.addAll(lifecycle(3, 3000));
        await(journal.append(written));
        await(journal.snapshot(6));
        await(journal.snapshot(written.size()));
        await(journal.append(openTicket(4, 4000)));
        await(journal.close());

        RedisJournal reopened = new RedisJournal(vertx, redis.url(), false);
        List<DomainEvent> recovered = await(reopened.open());

        assertThat(ticketsIn(recovered)).containsExactly("tkt_2", "tkt_3", "tkt_4");
        assertThat(reopened.position()).isEqualTo(12);
        assertThat(redis.command("LLEN switchboard:snapshots")).as("one merged list").isEqualTo(":1");
        assertThat(redis.command("EXISTS switchboard:snapshot:6")).as("the merged-away window is deleted")
                .isEqualTo(":0");
    }

    @Test
    void redisSnapshot_limitBelowPosition_keepsTheRestInTheStream() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false, 0);
        await(journal.open());
        await(journal.append(lifecycle(1, 1000)));
        await(journal.append(lifecycle(2, 2000)));
        await(journal.snapshot(4));
        await(journal.close());

        List<DomainEvent> recovered = await(new RedisJournal(vertx, redis.url(), false).open());

        assertThat(ticketsIn(recovered)).containsExactly("tkt_1", "tkt_2");
        assertThat(recovered).hasSize(1 + 4);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
