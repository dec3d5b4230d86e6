package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.GoldenJournalTest;
import io.switchboard.api.TestServer;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.FollowUpRequested;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.PendingReminder;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema-1 golden journals exercise what they are meant to prove: every event type the
 * schema-1 build had, every overflow-step subtype and every offer outcome, decoded by today's codec
 * from both backends to the same events. (GoldenJournalTest checks them through the API.)
 */
class GoldenJournalContentTest {
    private static final Path SCHEMA_1 = Path.of("src/test/resources/golden/schema-1");

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        TestServer.await(vertx.close());
    }

    @Test
    void open_schema1Journals_holdEverySchema1EventTypeAndDecodeAlikeFromBothBackends() throws IOException {
        List<DomainEvent> file = openFile();
        List<DomainEvent> redis = openRedis();

        Set<Class<?>> schema1 = new HashSet<>();
        for (EventTypes.EventType type : EventTypes.CURRENT.types()) {
            if (type.tag() <= 28) {
                schema1.add(type.type());
            }
        }
        for (List<DomainEvent> events : List.of(file, redis)) {
            assertThat(events.stream().map(Object::getClass).distinct()).containsExactlyInAnyOrderElementsOf(schema1);
            assertThat(events.stream().filter(e -> e instanceof TicketOverflowed).map(e -> ((TicketOverflowed) e)
                    .applied().getClass()).distinct()).hasSize(4);
            assertThat(events.stream().filter(e -> e instanceof OfferWithdrawn).map(e -> ((OfferWithdrawn) e).outcome())
                    .distinct()).containsExactlyInAnyOrder(OfferWithdrawn.Outcome.values());
        }
        assertThat(file.size()).as("the same scenario, two runs: same number of events").isEqualTo(redis.size());
    }

    /**
     * GoldenJournalTest accepts, after the golden history, only what a restart and due timers add;
     * this shows that holds however late the test runs: restarted days or years after the capture,
     * the schema-1 state only closes its resolved ticket and raises SLA alerts and compensations.
     */
    @Test
    void restore_schema1JournalUpToYearsLater_onlyDueTimersFire() throws IOException {
        List<DomainEvent> history = openFile();
        SwitchboardConfig config = ConfigLoader.fromYaml(Files.readString(SCHEMA_1.resolve("golden.yaml")));
        Set<Class<?>> timers = Set.of(TicketClosed.class, SlaWarning.class, SlaBreached.class, FollowUpRequested.class,
                CompensationIssued.class, SlaEscalated.class, IdleEscalated.class, PendingReminder.class,
                // timers added after schema 1: a follow-up never done, exclusions ending, nobody to take a ticket
                DomainEvent.FollowUpOverdue.class, DomainEvent.ExclusionLifted.class, DomainEvent.TicketUnroutable.class);
        for (long days : new long[] {0, 25, 40, 400, 4000}) {
            long now = System.currentTimeMillis() + days * 86_400_000L;
            Engine.Recovery recovery = Engine.restore(config.routing(), config.sla(), history, now);

            List<DomainEvent> fired = recovery.engine().handle(new Command.Tick(), now).events();

            assertThat(fired).as("%d days later", days).allSatisfy(e -> assertThat(e.getClass()).isIn(timers));
        }
    }

    private List<DomainEvent> openFile() throws IOException {
        Path journal = dir.resolve("journal");
        Files.createDirectories(journal);
        try (Stream<Path> files = Files.list(SCHEMA_1.resolve("file/journal"))) {
            for (Path f : files.toList()) {
                Files.copy(f, journal.resolve(f.getFileName()));
            }
        }
        FileJournal opened = new FileJournal(vertx, journal, FileJournal.Fsync.ALWAYS, 1000);
        List<DomainEvent> events = new ArrayList<>(TestServer.await(opened.open()));
        TestServer.await(opened.close());
        return events;
    }

    private List<DomainEvent> openRedis() {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            GoldenJournalTest.restoreRedisDump(redis.url(), SCHEMA_1.resolve("redis/redis-dump.txt"));
            RedisJournal opened = new RedisJournal(vertx, redis.url(), false);
            List<DomainEvent> events = new ArrayList<>(TestServer.await(opened.open()));
            TestServer.await(opened.close());
            return events;
        }
    }
}
