package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.GoldenJournalTest;
import io.switchboard.api.TestServer;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
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
