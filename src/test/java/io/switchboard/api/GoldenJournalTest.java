package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.app.DurabilitySettings;
import io.switchboard.store.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals written by real earlier builds open in this one with every ticket intact: the
 * golden journals under {@code src/test/resources/golden/} (how they were made: the README there)
 * are started on with today's code and every ticket, timeline, ticket page and agent is compared
 * with what the old server answered before it was killed.
 *
 * <p>What a restart itself changes is compared as its contract says (docs/configuration.md,
 * "Recovery"), not skipped: open offers are revoked ({@code offer_withdrawn}, reason
 * {@code server_restarted}) and their tickets are queued again; connected agents are disconnected
 * with a grace period; timers that fell due while the server was down fire (SLA alerts, idle
 * escalations, reminders, auto-close), stamped at or after the restart; running SLA clocks keep
 * their deadlines, so their remaining seconds are what is left until them now. Everything
 * recorded before the restart must be shown exactly as the old build showed it; members the old
 * build did not have may be added ({@link #assertShows}).
 *
 * <p>The server runs with the configuration the golden build ran with, except a long
 * {@code disconnectGrace}: the grace of the agents the restart disconnects starts at the restart,
 * and a 2 s grace would release their tickets while the test reads them.
 */
public class GoldenJournalTest {
    static final Path SCHEMA_1 = Path.of("src/test/resources/golden/schema-1");
    /** Event types a restart or a timer adds after the golden history; anything else is a regression. */
    private static final Set<String> TIMER_TYPES = Set.of("sla_warning", "sla_breached", "sla_escalated",
            "compensation_issued", "follow_up_requested", "idle_escalated", "pending_reminder", "handoff_overdue",
            "ticket_closed", "follow_up_overdue", "exclusion_lifted", "ticket_unroutable");
    private static final String[] CLOCKS = {"firstResponse", "nextResponse", "resolution"};

    @TempDir
    Path dir;
    private final List<Vertx> vertxes = new ArrayList<>();

    @AfterEach
    void closeVertx() {
        for (Vertx vertx : vertxes) {
            TestServer.await(vertx.close());
        }
    }

    static String config() {
        try {
            return Files.readString(SCHEMA_1.resolve("golden.yaml")).replace("disconnectGrace: 2s", "disconnectGrace: 1h");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void open_schema1FileJournal_everyTicketTimelineAndAgentAsTheOldBuildShowedThem() {
        long startedAt = System.currentTimeMillis();
        TestServer server = start(DurabilitySettings.file(copyFileJournal()));

        assertMatchesGolden(server, SCHEMA_1.resolve("file/expected"), startedAt);
    }

    @Test
    void open_schema1RedisJournal_everyTicketTimelineAndAgentAsTheOldBuildShowedThem() {
        try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"))) {
            restoreRedisDump(redis.url(), SCHEMA_1.resolve("redis/redis-dump.txt"));
            long startedAt = System.currentTimeMillis();
            TestServer server = start(DurabilitySettings.redis(redis.url()));

            assertMatchesGolden(server, SCHEMA_1.resolve("redis/expected"), startedAt);
        }
    }

    @Test
    void append_toSchema1FileJournalAndReopen_keepsOldAndNewEvents() {
        DurabilitySettings durability = DurabilitySettings.file(copyFileJournal()).withSnapshots(5, 0);
        long startedAt = System.currentTimeMillis();
        TestServer first = start(durability);
        String fresh = first.createTicket(TestServer.ticket("web", "general", "cust-new")).getString("id");
        for (int i = 0; i < 6; i++) {
            first.post("/v1/tickets/" + fresh + "/messages", new JsonObject().put("message", "still there? " + i));
        }
        JsonArray freshTimeline = first.get("/v1/tickets/" + fresh + "/timeline").json().getJsonArray("timeline");
        TestServer.await(vertxes.remove(0).close());

        TestServer second = start(durability);

        assertThat(second.get("/v1/tickets/" + fresh + "/timeline").json().getJsonArray("timeline").getList()
                .subList(0, freshTimeline.size())).isEqualTo(freshTimeline.getList());
        assertTimelinesKeepGoldenHistory(second, SCHEMA_1.resolve("file/expected"), startedAt);
        assertThat(formatsOnDisk(durability.dataDir().resolve("journal"))).as("schema-1 records kept, new ones in format 2")
                .containsExactlyInAnyOrder(1, 2);
    }

    /** The format (first short of each payload) of every record in the journal's files ([int length][int crc][payload]). */
    private static Set<Integer> formatsOnDisk(Path journal) {
        Set<Integer> formats = new HashSet<>();
        try (Stream<Path> files = Files.list(journal)) {
            for (Path file : files.toList()) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
                while (bytes.remaining() >= 10) {
                    int length = bytes.getInt();
                    bytes.getInt();
                    formats.add((int) bytes.getShort(bytes.position()));
                    bytes.position(bytes.position() + length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return formats;
    }

    private TestServer start(DurabilitySettings durability) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        return TestServer.start(vertx, config(), durability);
    }

    /** The golden journal copied into a fresh data dir (the server appends to it). */
    private Path copyFileJournal() {
        Path dataDir = dir.resolve("data");
        Path source = SCHEMA_1.resolve("file/journal");
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(dataDir.resolve("journal"));
            for (Path file : files.toList()) {
                Files.copy(file, dataDir.resolve("journal").resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dataDir;
    }

    /** Replays a dump written by src/test/golden/RedisDump.java: one command a line, b64: tokens are bytes. */
    public static void restoreRedisDump(String url, Path dump) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, url);
            for (String line : Files.readAllLines(dump)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] tokens = line.split(" ");
                Request request = Request.cmd(Command.create(tokens[0]));
                for (int i = 1; i < tokens.length; i++) {
                    request.arg(tokens[i].startsWith("b64:")
                            ? Buffer.buffer(Base64.getDecoder().decode(tokens[i].substring(4)))
                            : Buffer.buffer(tokens[i]));
                }
                TestServer.await(redis.send(request));
            }
            redis.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestServer.await(vertx.close());
        }
    }

    private static JsonObject read(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertMatchesGolden(TestServer server, Path expected, long startedAt) {
        java.util.Map<String, String> revoked = new java.util.HashMap<>();
        List<String> ids = assertTicketPages(server, expected);
        assertThat(ids).as("golden tickets").hasSizeGreaterThan(10);
        for (String id : ids) {
            JsonObject golden = read(expected.resolve(id + ".json"));
            if (golden.getString("status").equals("offered")) {
                revoked.put(id, golden.getString("channel"));
            }
            List<JsonObject> extra = assertTimeline(server, expected, id, startedAt);
            assertTicket(server, golden, extra, startedAt);
        }
        assertAgents(server, read(expected.resolve("agents.json")), revoked);
    }

    /** The pages of GET /v1/tickets hold the same tickets in the same order; returns every id. */
    private static List<String> assertTicketPages(TestServer server, Path expected) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 1; ; page++) {
            Path file = expected.resolve("tickets-page-" + page + ".json");
            JsonObject actual = server.get("/v1/tickets?limit=10" + (cursor == null ? ""
                    : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8))).json();
            JsonObject golden = read(file);
            List<String> goldenIds = idsOf(golden.getJsonArray("tickets"));
            assertThat(idsOf(actual.getJsonArray("tickets"))).as("ticket page " + page).isEqualTo(goldenIds);
            ids.addAll(goldenIds);
            cursor = actual.getString("nextCursor");
            assertThat(cursor == null).as("last page " + page).isEqualTo(golden.getString("nextCursor") == null);
            if (cursor == null) {
                return ids;
            }
        }
    }

    private static List<String> idsOf(JsonArray tickets) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
            ids.add(tickets.getJsonObject(i).getString("id"));
        }
        return ids;
    }

    /**
     * The golden timeline is exactly the start of today's (every entry: type, actor, reason, at,
     * details); what follows is what the restart and timers added. Returns that tail.
     */
    private static List<JsonObject> assertTimeline(TestServer server, Path expected, String id, long startedAt) {
        JsonArray golden = read(expected.resolve(id + ".timeline.json")).getJsonArray("timeline");
        JsonArray actual = server.get("/v1/tickets/" + id + "/timeline").json().getJsonArray("timeline");
        assertThat(actual.size()).as("timeline of " + id).isGreaterThanOrEqualTo(golden.size());
        for (int i = 0; i < golden.size(); i++) {
            JsonObject was = golden.getJsonObject(i);
            JsonObject is = actual.getJsonObject(i);
            String entry = "timeline of " + id + " entry " + i;
            for (String member : List.of("type", "actor", "reason", "at")) {
                assertThat(is.getString(member)).as(entry + " " + member).isEqualTo(was.getString(member));
            }
            assertShows(entry, was, is);
        }
        boolean wasOffered = read(expected.resolve(id + ".json")).getString("status").equals("offered");
        List<JsonObject> extra = new ArrayList<>();
        for (int i = golden.size(); i < actual.size(); i++) {
            JsonObject entry = actual.getJsonObject(i);
            extra.add(entry);
            assertThat(Instant.parse(entry.getString("at")).toEpochMilli()).as("%s: %s after the golden history happened"
                    + " at or after the restart", id, entry).isGreaterThanOrEqualTo(startedAt);
            if (entry.getString("type").equals("offer_withdrawn")) {
                assertThat(wasOffered).as("%s: only an open offer is revoked at restart: %s", id, entry).isTrue();
                assertThat(entry.getString("reason")).isEqualTo("server_restarted");
                assertThat(entry.getJsonObject("details").getString("outcome")).isEqualTo("revoked");
            } else {
                assertThat(entry.getString("type")).as("%s: what a timer may add after a restart: %s", id, entry)
                        .isIn(TIMER_TYPES);
                assertThat(entry.getString("actor")).isEqualTo("router");
            }
        }
        if (wasOffered) {
            assertThat(extra).as("%s: its open offer is revoked at restart", id)
                    .anySatisfy(e -> assertThat(e.getString("type")).isEqualTo("offer_withdrawn"));
        }
        return extra;
    }

    /** Every member as the old build showed it, except what the restart contract changes (see class comment). */
    private static void assertTicket(TestServer server, JsonObject golden, List<JsonObject> extra, long startedAt) {
        String id = golden.getString("id");
        long before = System.currentTimeMillis();
        JsonObject actual = server.get("/v1/tickets/" + id).json();
        long after = System.currentTimeMillis();
        JsonObject expected = golden.copy();
        JsonObject got = actual.copy();

        String status = golden.getString("status");
        String assignee = golden.getString("assignee");
        if (status.equals("offered")) {
            status = "queued";
        }
        if (extra.stream().anyMatch(e -> e.getString("type").equals("ticket_closed"))) {
            status = "closed";
        }
        assertThat(got.getString("status")).as(id + " status").isEqualTo(status);
        assertThat(got.getString("assignee")).as(id + " assignee").isEqualTo(assignee);
        expected.remove("status");
        got.remove("status");
        if (!extra.isEmpty()) {
            assertThat(Instant.parse(got.getString("updatedAt")).toEpochMilli()).isGreaterThanOrEqualTo(startedAt);
            expected.remove("updatedAt");
            got.remove("updatedAt");
        }
        // alerts and compensations are recorded by timers: a restart may add some, never change one
        assertGoldenPrefix(id + " alerts", expected, got, "alerts", "at", startedAt);
        assertGoldenPrefix(id + " compensations", expected, got, "compensations", "issuedAt", startedAt);
        JsonObject goldenSla = expected.getJsonObject("sla");
        JsonObject sla = got.getJsonObject("sla");
        if (goldenSla != null) {
            for (String name : CLOCKS) {
                assertClock(id + " sla." + name, goldenSla.getJsonObject(name), sla.getJsonObject(name), before, after);
            }
        }
        assertShows(id, expected, got);
    }

    /**
     * Today's answer still shows everything the old build showed, with the same values: every
     * member of a golden object (recursively), arrays element by element. Members the old build
     * did not have are allowed (an additive API change, e.g. a decision a new event version
     * records, shown as null for old events); nothing may be missing or different.
     */
    static void assertShows(String path, Object golden, Object actual) {
        if (golden instanceof JsonObject object) {
            assertThat(actual).as(path).isInstanceOf(JsonObject.class);
            JsonObject now = (JsonObject) actual;
            for (String member : object.fieldNames()) {
                assertThat(now.containsKey(member)).as(path + "." + member + " is still shown").isTrue();
                assertShows(path + "." + member, object.getValue(member), now.getValue(member));
            }
        } else if (golden instanceof JsonArray array) {
            assertThat(actual).as(path).isInstanceOf(JsonArray.class);
            assertThat(((JsonArray) actual).size()).as(path + " size").isEqualTo(array.size());
            for (int i = 0; i < array.size(); i++) {
                assertShows(path + "[" + i + "]", array.getValue(i), ((JsonArray) actual).getValue(i));
            }
        } else {
            assertThat(actual).as(path).isEqualTo(golden);
        }
    }

    /** {@code member} of today's ticket starts with the golden one; later items happened at or after the restart. */
    private static void assertGoldenPrefix(String what, JsonObject expected, JsonObject got, String member, String at,
            long startedAt) {
        JsonArray golden = expected.getJsonArray(member);
        JsonArray actual = got.getJsonArray(member);
        if (golden == null) {
            return;
        }
        assertThat(actual.size()).as(what).isGreaterThanOrEqualTo(golden.size());
        for (int i = 0; i < golden.size(); i++) {
            assertShows(what + "[" + i + "]", golden.getValue(i), actual.getValue(i));
        }
        for (int i = golden.size(); i < actual.size(); i++) {
            assertThat(Instant.parse(actual.getJsonObject(i).getString(at)).toEpochMilli()).as(what + " added")
                    .isGreaterThanOrEqualTo(startedAt);
        }
        expected.remove(member);
        got.remove(member);
    }

    /**
     * A stopped or paused clock is frozen: equal in every member. A running one keeps its deadline;
     * its remaining seconds are those left until it now, and it is breached once the deadline passed.
     * Normalises both objects' wall-clock members once checked.
     */
    private static void assertClock(String what, JsonObject golden, JsonObject actual, long before, long after) {
        if (golden == null) {
            assertThat(actual).as(what).isNull();
            return;
        }
        String due = golden.getString("dueAt");
        if (due == null || golden.getString("stoppedAt") != null) {
            return; // frozen: compared whole with the ticket
        }
        assertThat(actual.getString("dueAt")).as(what + ".dueAt").isEqualTo(due);
        long dueAt = Instant.parse(due).toEpochMilli();
        long remaining = actual.getLong("remainingSeconds");
        assertThat(remaining).as(what + ".remainingSeconds").isBetween(Math.floorDiv(dueAt - after, 1000) - 1,
                Math.floorDiv(dueAt - before, 1000) + 1);
        if (dueAt > after) {
            assertThat(actual.getBoolean("breached")).as(what + ".breached").isEqualTo(golden.getBoolean("breached"));
        } else if (golden.getBoolean("breached")) {
            assertThat(actual.getBoolean("breached")).as(what + ".breached").isTrue();
        }
        for (JsonObject clock : List.of(golden, actual)) {
            clock.remove("remainingSeconds");
            clock.remove("breached");
        }
    }

    /**
     * Profiles as they were; the restart disconnected every agent (its grace running, presence
     * offline until it reconnects) and revoked its open offers, so those tickets leave its list and load.
     */
    private static void assertAgents(TestServer server, JsonObject golden, java.util.Map<String, String> revokedChannels) {
        Set<String> revoked = revokedChannels.keySet();
        JsonArray expected = golden.getJsonArray("agents");
        JsonArray actual = server.get("/v1/agents").json().getJsonArray("agents");
        assertThat(idsOf(actual)).isEqualTo(idsOf(expected));
        for (int i = 0; i < expected.size(); i++) {
            JsonObject want = expected.getJsonObject(i).copy();
            JsonObject got = actual.getJsonObject(i).copy();
            String id = want.getString("id");
            assertThat(got.getBoolean("connected")).as(id + " connected after a restart").isFalse();
            List<Object> tickets = new ArrayList<>(want.getJsonArray("tickets").getList());
            tickets.removeAll(revoked);
            assertThat(got.getJsonArray("tickets").getList()).as(id + " tickets").isEqualTo(tickets);
            JsonObject load = want.getJsonObject("load").copy();
            for (Object ticket : want.getJsonArray("tickets")) {
                if (revoked.contains(ticket)) {
                    String channel = revokedChannels.get(ticket);
                    load.put(channel, load.getInteger(channel) - 1);
                }
            }
            assertThat(got.getJsonObject("load")).as(id + " load").isEqualTo(load);
            if (want.getBoolean("connected")) {
                // the restart ended its session: it shows offline until its desktop reconnects
                want.put("presence", "offline");
            }
            for (String member : List.of("connected", "tickets", "load")) {
                want.remove(member);
                got.remove(member);
            }
            assertShows(id, want, got);
        }
    }

    /** After appending with today's build: every golden timeline is still the start of the ticket's. */
    private static void assertTimelinesKeepGoldenHistory(TestServer server, Path expected, long startedAt) {
        for (String id : assertTicketPagesPrefix(server, expected)) {
            assertTimeline(server, expected, id, startedAt);
        }
    }

    private static List<String> assertTicketPagesPrefix(TestServer server, Path expected) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(expected)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("tkt_\\d+\\.json")).toList()) {
                ids.add(file.getFileName().toString().replace(".json", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }
}
