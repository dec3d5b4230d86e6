package io.switchboard.load;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.core.agent.Presence;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import io.switchboard.engine.AgentPush;
import io.switchboard.engine.Command;
import io.switchboard.engine.Engine;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Retention;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.HistoryStores;
import io.switchboard.store.FileJournal;
import io.switchboard.store.Journal;
import io.switchboard.store.RedisJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Restart time with a large journal: drives the real engine in process through full ticket
 * lifecycles (create → offer → accept → resolve → close, the demo configuration's agents) until
 * {@code --events} events exist, writes them with the real journal (file or Redis), optionally
 * compacts them into a snapshot, then starts the packaged jar {@code --runs} times and measures
 * process start → "Switchboard listening" (JVM start, recovery and binding included).
 *
 * <p>Run with the server jar on the class path (it carries the store):
 * {@code java -cp target/switchboard.jar:load-tests/target/load-tests.jar io.switchboard.load.RestartBench
 * --events 1000000 --store file|redis [--redis-url redis://...] [--snapshot true] --runs 3}.
 *
 * <p>Archiving: {@code --archive-after 0} (seconds) archives each ticket once closed, fills the
 * history store under the data directory as the server's projection would (a snapshot only drops
 * archived tickets the store holds), and starts the server with the same setting;
 * {@code --open-every N} leaves every N-th ticket resolved but not closed (open); {@code --fresh true} also
 * times {@code --runs} first starts on empty data directories in the same run.
 */
public final class RestartBench {
    private RestartBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, 0);
        long target = Long.parseLong(a.string("events", "1000000"));
        String store = a.string("store", "file");
        boolean snapshot = Boolean.parseBoolean(a.string("snapshot", "false"));
        int runs = Integer.parseInt(a.string("runs", "3"));
        String jar = a.string("jar", "target/switchboard.jar");
        String redisUrl = a.string("redis-url", "redis://127.0.0.1:6379");
        String archiveAfter = a.string("archive-after", "");
        int openEvery = Integer.parseInt(a.string("open-every", "0"));
        boolean fresh = Boolean.parseBoolean(a.string("fresh", "false"));
        Path dataDir = Files.createTempDirectory("restart-bench");
        Retention retention = archiveAfter.isEmpty() ? Retention.NEVER
                : new Retention(Long.parseLong(archiveAfter) * 1000);

        Vertx vertx = Vertx.vertx();
        Journal journal = store.equals("redis") ? new RedisJournal(vertx, redisUrl, false)
                : new FileJournal(vertx, dataDir.resolve("journal"), FileJournal.Fsync.INTERVAL, 1000);
        List<DomainEvent> existing = await(journal.open());
        if (!existing.isEmpty()) {
            throw new IllegalStateException("the journal must start empty (FLUSHALL the benchmark Redis)");
        }
        // Archived tickets leave the journal only once the history store holds them: fill it as
        // the server's projection would, so the snapshot may compact them away.
        HistoryStore history = archiveAfter.isEmpty() ? null : HistoryStores.duckDb(dataDir);
        long seeded = seed(journal, target, retention, openEvery, history);
        if (history != null) {
            System.out.printf("history store committed position %d%n", history.committedPosition());
            history.close();
        }
        if (snapshot) {
            long started = System.nanoTime();
            await(journal.snapshot());
            System.out.printf("snapshot of %d events took %d ms%n", seeded, (System.nanoTime() - started) / 1_000_000);
        }
        await(journal.close());
        await(vertx.close());

        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx4g", "-jar", jar);
            builder.environment().put("SWITCHBOARD_HTTP_PORT", "0");
            builder.environment().put("SWITCHBOARD_DATA_DIR", dataDir.toString());
            builder.environment().put("SWITCHBOARD_SNAPSHOT_EVENTS", "0");
            builder.environment().put("SWITCHBOARD_SNAPSHOT_SECONDS", "0");
            if (!archiveAfter.isEmpty()) {
                builder.environment().put("SWITCHBOARD_ARCHIVE_AFTER", archiveAfter + "s");
            }
            if (store.equals("redis")) {
                builder.environment().put("SWITCHBOARD_REDIS_URL", redisUrl);
            }
            builder.redirectError(dataDir.resolve("server-" + run + ".log").toFile());
            long started = System.nanoTime();
            Process server = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = out.readLine();
                while (line != null && !line.startsWith("Switchboard listening")) {
                    line = out.readLine(); // the first start prints a generated admin key first
                }
                long took = (System.nanoTime() - started) / 1_000_000;
                if (line == null || !line.startsWith("Switchboard listening")) {
                    throw new IllegalStateException("server did not start: " + line + "; see " + dataDir);
                }
                millis.add(took);
                System.out.printf("run %d: %d events (%s%s) → serving in %d ms%n", run + 1, seeded, store,
                        snapshot ? ", snapshot" : ", journal tail", took);
            } finally {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        millis.sort(Long::compare);
        System.out.printf("RESULT store=%s snapshot=%s archive_after=%s events=%d restart_ms=%s median=%d%n", store,
                snapshot, archiveAfter.isEmpty() ? "never" : archiveAfter + "s", seeded, millis,
                millis.get(millis.size() / 2));
        if (fresh) {
            List<Long> freshMillis = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                freshMillis.add(startMillis(jar, Files.createTempDirectory("restart-bench-fresh"), store, redisUrl,
                        archiveAfter));
            }
            freshMillis.sort(Long::compare);
            System.out.printf("RESULT fresh start (empty data dir) restart_ms=%s median=%d%n", freshMillis,
                    freshMillis.get(freshMillis.size() / 2));
        }
    }

    /** Process start → "Switchboard listening" on an empty data directory (a first start). */
    private static long startMillis(String jar, Path dataDir, String store, String redisUrl, String archiveAfter)
            throws Exception {
        if (store.equals("redis")) {
            throw new IllegalArgumentException("--fresh compares with the file journal only");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-jar", jar);
        builder.environment().put("SWITCHBOARD_HTTP_PORT", "0");
        builder.environment().put("SWITCHBOARD_DATA_DIR", dataDir.toString());
        if (!archiveAfter.isEmpty()) {
            builder.environment().put("SWITCHBOARD_ARCHIVE_AFTER", archiveAfter + "s");
        }
        builder.redirectError(dataDir.resolve("server.log").toFile());
        long started = System.nanoTime();
        Process server = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("Switchboard listening")) {
                line = out.readLine();
            }
            if (line == null) {
                throw new IllegalStateException("fresh server did not start; see " + dataDir);
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("fresh start → serving in %d ms%n", took);
            return took;
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Full ticket lifecycles through the real engine; every event goes to the journal in 10k batches. */
    private static long seed(Journal journal, long target, Retention retention, int openEvery, HistoryStore history) {
        SwitchboardConfig config = ConfigLoader.loadDemo();
        long now = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(2);
        Engine.Recovery recovery = Engine.restore(config.routing(), config.sla(), retention, List.of(), now);
        Engine engine = recovery.engine();
        List<DomainEvent> batch = new ArrayList<>(recovery.startup().events());
        long written = 0;
        List<String> agents = List.of("alice", "bob", "chen");
        for (String agent : agents) {
            batch.addAll(engine.handle(new Command.Connect(agent, "s-" + agent), now).events());
            batch.addAll(engine.handle(new Command.SetPresence(agent, "s-" + agent, Presence.AVAILABLE), now).events());
        }
        String[] types = {"refund", "question", "billing", "technical", "invoice"};
        long started = System.nanoTime();
        for (int i = 0; written + batch.size() < target; i++) {
            now += 50;
            Customer customer = new Customer("cust-" + (i % 5000), i % 10 == 0 ? CustomerTier.VIP : CustomerTier.STANDARD,
                    "Customer " + i);
            TicketDraft draft = new TicketDraft(Channel.CHAT, Priority.NORMAL, customer, types[i % types.length],
                    "Ticket " + i + ": my order has not arrived", "Order A-" + i + " was due yesterday.", List.of(),
                    "en", Set.of("seed"), Map.of("order", "A-" + i), null);
            Outcome created = engine.handle(new Command.CreateTicket(draft, null, null, "integration"), now);
            batch.addAll(created.events());
            if (openEvery > 0 && i % openEvery == 0) {
                // stays open: resolved but never confirmed closed (so never archived); resolving
                // frees the agent, where leaving it assigned would stop routing after 3 tickets
                for (AgentPush push : created.pushes()) {
                    if (push.kind() == AgentPush.Kind.OFFER) {
                        String agent = push.agentId();
                        String ticket = push.ticket().id();
                        batch.addAll(engine.handle(new Command.Accept(agent, "s-" + agent, push.offerId()), now + 5)
                                .events());
                        batch.addAll(engine.handle(new Command.Reply(ticket, "Looking into it", "agent:" + agent),
                                now + 10).events());
                        batch.addAll(engine.handle(new Command.Resolve(ticket, "done", "agent:" + agent), now + 20)
                                .events());
                    }
                }
                continue;
            }
            for (AgentPush push : created.pushes()) {
                if (push.kind() == AgentPush.Kind.OFFER) {
                    String agent = push.agentId();
                    batch.addAll(engine.handle(new Command.Accept(agent, "s-" + agent, push.offerId()), now + 5).events());
                    String ticket = push.ticket().id();
                    batch.addAll(engine.handle(new Command.Reply(ticket, "We are on it", "agent:" + agent), now + 10)
                            .events());
                    batch.addAll(engine.handle(new Command.Resolve(ticket, "done", "agent:" + agent), now + 20).events());
                    batch.addAll(engine.handle(new Command.Close(ticket, "confirmed", "api"), now + 30).events());
                }
            }
            if (i % 100 == 99) {
                batch.addAll(engine.handle(new Command.Tick(), now + 40).events()); // archiving runs on ticks
            }
            if (batch.size() >= 10_000) {
                await(journal.append(batch));
                if (history != null) {
                    history.write(written + 1, batch);
                }
                written += batch.size();
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            await(journal.append(batch));
            if (history != null) {
                history.write(written + 1, batch);
            }
            written += batch.size();
        }
        System.out.printf("seeded %d events in %d ms%n", written, (System.nanoTime() - started) / 1_000_000);
        return written;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
