package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.history.ReportQuery.Dimension;
import io.switchboard.history.ReportQuery.Report;
import io.switchboard.history.ReportQuery.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not a test: the reports' budget (docs/BENCHMARKS.md, "Reports"), run with
 * {@code java -cp target/classes:target/test-classes:<test classpath> io.switchboard.history.ReportBenchmark [tickets]}.
 *
 * <p>The generator fills a DuckDB history file with {@code tickets} (default 1M) archived tickets
 * over 30 days straight in SQL (DuckDB's {@code range}), not through the engine, because the
 * reports read only {@code report_tickets} (filled here with the other tables, consistent
 * with them, and {@code ticket_dims} alike): 6 channels, 3 tiers, 4 priorities, 5 types, 6 queues, 200 agents in 8 teams,
 * first replies 5 s–2 h, resolutions 1 min–3 days, 3 % reopened, 5 % transferred, 30 % rated,
 * pseudo-random per ticket from {@code hash(i)}. Then each report runs 10 times (groupBy, bucket
 * and filters as printed) and the p50, p90 and max are printed. Nothing is asserted. A second
 * argument, a directory, keeps the generated store there (and reuses it when there), for
 * {@code EXPLAIN ANALYZE} of a report's SQL.
 */
final class ReportBenchmark {
    private static final ZonedDateTime FROM = ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
    private static final long SPAN = 30L * 24 * 3_600_000;

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // a second argument keeps the generated store in that directory (and reuses it if there)
        boolean keep = args.length > 1;
        Path dir = keep ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("report-benchmark");
        boolean reuse = keep && Files.exists(dir.resolve(HistoryStores.DUCKDB_FILE));
        if (!reuse) {
            HistoryStores.duckDb(dir).close(); // the schema
        }
        long t0 = System.nanoTime();
        if (!reuse) {
            generate(dir.resolve(HistoryStores.DUCKDB_FILE), tickets);
        }
        System.out.printf("generated %d archived tickets in %d ms (%s, %d MB)%n", tickets,
                (System.nanoTime() - t0) / 1_000_000, dir, Files.size(dir.resolve(HistoryStores.DUCKDB_FILE)) >> 20);
        t0 = System.nanoTime();
        try (HistoryStore store = HistoryStores.duckDb(dir)) {
            // the first open derives sla_alerts from the encoded SLA events, as after an upgrade to schema 4,
            // and (schema 5) the tickets' keys on ticket_dims, backlog_moves and sla_alerts
            System.out.printf("opened in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            List<long[]> month = ReportBuckets.cut(FROM, FROM.plusDays(30), ReportBuckets.Size.DAY);
            List<long[]> hours = ReportBuckets.cut(FROM, FROM.plusDays(30), ReportBuckets.Size.HOUR);
            List<long[]> weeks = ReportBuckets.cut(FROM, FROM.plusDays(30), ReportBuckets.Size.WEEK);
            Scope supervisor = new Scope(Set.of("billing", "vip"), Set.of("a1", "a2", "a3", "a4", "a5", "a6", "a7",
                    "a8", "a9", "a10"));
            Scope teamAgents = new Scope(null, Set.of("a1", "a9", "a17", "a25", "a33", "a41", "a49", "a57"));
            System.out.printf("%-78s %6s %8s %8s %8s%n", "report, parameters (10 runs after one warm-up)", "rows",
                    "p50 ms", "p90 ms", "max ms");
            for (Report r : List.of(Report.RESPONSE_TIMES, Report.RESOLUTION, Report.SATISFACTION, Report.BACKLOG,
                    Report.SLA_EVENTS)) {
                String name = r.wire();
                run(store, name + " bucket=day", new ReportQuery(r, FROM.getZone(), month, List.of(), Map.of(),
                        Scope.ALL));
                run(store, name + " bucket=day groupBy=team", new ReportQuery(r, FROM.getZone(), month,
                        List.of(Dimension.TEAM), Map.of(), Scope.ALL));
                run(store, name + " bucket=day groupBy=channel", new ReportQuery(r, FROM.getZone(), month,
                        List.of(Dimension.CHANNEL), Map.of(), Scope.ALL));
                run(store, name + " bucket=day supervisor scope (2 queues, 10 agents)", new ReportQuery(r,
                        FROM.getZone(), month, List.of(), Map.of(), supervisor));
            }
            run(store, "response-times bucket=hour (720)", new ReportQuery(Report.RESPONSE_TIMES, FROM.getZone(), hours,
                    List.of(), Map.of(), Scope.ALL));
            run(store, "response-times whole month groupBy=team,priority,policy", new ReportQuery(
                    Report.RESPONSE_TIMES, FROM.getZone(), List.of(new long[] {month.get(0)[0], month.get(29)[1]}),
                    List.of(Dimension.TEAM, Dimension.PRIORITY, Dimension.POLICY), Map.of(), Scope.ALL));
            run(store, "response-times bucket=day groupBy=channel,tier", new ReportQuery(Report.RESPONSE_TIMES,
                    FROM.getZone(), month, List.of(Dimension.CHANNEL, Dimension.TIER), Map.of(), Scope.ALL));
            run(store, "resolution bucket=day groupBy=agent (200)", new ReportQuery(Report.RESOLUTION,
                    FROM.getZone(), month, List.of(Dimension.AGENT), Map.of(), Scope.ALL));
            run(store, "resolution bucket=week groupBy=queue,type channel=chat", new ReportQuery(Report.RESOLUTION,
                    FROM.getZone(), weeks, List.of(Dimension.QUEUE, Dimension.TYPE), Map.of(Dimension.CHANNEL,
                    Set.of("chat")), Scope.ALL));
            run(store, "backlog bucket=hour (720)", new ReportQuery(Report.BACKLOG, FROM.getZone(), hours, List.of(),
                    Map.of(), Scope.ALL));
            run(store, "backlog bucket=hour groupBy=queue,priority", new ReportQuery(Report.BACKLOG, FROM.getZone(),
                    hours, List.of(Dimension.QUEUE, Dimension.PRIORITY), Map.of(), Scope.ALL));
            run(store, "handoffs bucket=day", new ReportQuery(Report.HANDOFFS, FROM.getZone(), month, List.of(),
                    Map.of(), Scope.ALL));
            run(store, "handoffs bucket=day channel=chat,email", new ReportQuery(Report.HANDOFFS, FROM.getZone(),
                    month, List.of(), Map.of(Dimension.CHANNEL, Set.of("chat", "email")), Scope.ALL));
            run(store, "handoffs bucket=day supervisor scope", new ReportQuery(Report.HANDOFFS, FROM.getZone(),
                    month, List.of(), Map.of(), supervisor));
            run(store, "occupancy bucket=day (200 agents)", new ReportQuery(Report.OCCUPANCY, FROM.getZone(), month,
                    List.of(), Map.of(), Scope.ALL));
            run(store, "occupancy bucket=day one team's agents (8)", new ReportQuery(Report.OCCUPANCY,
                    FROM.getZone(), month, List.of(), Map.of(), teamAgents));
            long from = month.get(0)[0];
            long to = month.get(29)[1];
            time("advice firstResponse p80 groupBy=tier,channel (month)", () -> store.advice(new AdviceQuery(
                    AdviceQuery.Metric.FIRST_RESPONSE, 80, List.of(Dimension.TIER, Dimension.CHANNEL), from, to,
                    Scope.ALL)).rows().size());
            time("advice resolution p90 groupBy=team supervisor scope (month)", () -> store.advice(new AdviceQuery(
                    AdviceQuery.Metric.RESOLUTION, 90, List.of(Dimension.TEAM), from, to, supervisor)).rows().size());
            time("staffing check (month, 168 hours of the week)", () -> store.staffing(new StaffingQuery(
                    FROM.getZone(), from, to, 300, 60, 0.8)).rows().size());
            io.switchboard.core.sla.SlaConfig proposal = ReportsContract.proposal();
            long day = 24L * 3_600_000;
            time("dry-run one day groupBy=channel (~33k tickets replayed)", () -> store.dryRun(new DryRunQuery(
                    proposal, from, from + day, List.of(Dimension.CHANNEL), Map.of(), Scope.ALL)).rows().size());
            time("dry-run one week groupBy=channel (~233k tickets replayed)", () -> store.dryRun(new DryRunQuery(
                    proposal, from, from + 7 * day, List.of(Dimension.CHANNEL), Map.of(), Scope.ALL)).rows().size());
            time("dry-run one day supervisor scope", () -> store.dryRun(new DryRunQuery(proposal, from, from + day,
                    List.of(), Map.of(), supervisor)).rows().size());
        }
        if (keep) {
            System.exit(0);
        }
        try (var files = Files.list(dir)) { // the generated store (hundreds of MB) does not outlive the run
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        System.exit(0);
    }

    private static void run(HistoryStore store, String name, ReportQuery query) {
        time(name, () -> store.report(query).rows().size());
    }

    /** Runs {@code answer} once (page cache, JIT) and then 10 times; prints rows, p50, p90 and max. */
    private static void time(String name, java.util.function.IntSupplier answer) {
        long[] millis = new long[10];
        int rows = answer.getAsInt();
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            rows = answer.getAsInt();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        // p50: mean of the 5th and 6th; p90: the 9th (nearest rank) of the 10 sorted times
        System.out.printf("%-78s %6d %8d %8d %8d%n", name, rows, (millis[4] + millis[5]) / 2, millis[8], millis[9]);
    }

    private static void lifecycle(Connection c, String insert, int slot, String at, String type, String where)
            throws Exception {
        try (java.sql.PreparedStatement ps = c.prepareStatement(insert.replace("{AT}", at) + where)) {
            ps.setInt(1, slot);
            ps.setString(2, type);
            ps.setBytes(3, new byte[] {0});
            ps.executeUpdate();
        }
    }

    private static void sla(Connection c, String insert, int slot, String at, DomainEvent event, String where)
            throws Exception {
        try (java.sql.PreparedStatement ps = c.prepareStatement(insert.replace("{AT}", at) + where)) {
            ps.setInt(1, slot);
            ps.setString(2, event.getClass().getSimpleName());
            ps.setBytes(3, io.switchboard.store.EventCodec.instance().encode(event));
            ps.executeUpdate();
        }
    }

    private static void generate(Path file, int n) throws Exception {
        long t0 = FROM.toInstant().toEpochMilli();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            String h = "hash(i)";
            s.execute("CREATE TEMP TABLE g AS SELECT i, " + h + " AS r, " + t0 + " + CAST(i AS BIGINT) * " + (SPAN / n)
                    + " AS created FROM range(" + n + ") t(i)");
            String channel = "(['chat','email','web','wechat','voice','api'])[1 + CAST(r % 6 AS INTEGER)]";
            String tier = "(['standard','standard','standard','vip','enterprise'])[1 + CAST((r >> 8) % 5 AS INTEGER)]";
            String priority = "(['normal','normal','high','low','urgent'])[1 + CAST((r >> 12) % 5 AS INTEGER)]";
            String type = "(['general','billing','technical','refund','invoice'])[1 + CAST((r >> 16) % 5 AS INTEGER)]";
            String queue = "(['general','billing','technical','vip','sales','refunds'])[1 + CAST((r >> 20) % 6 AS INTEGER)]";
            String agent = "'a' || CAST((r >> 24) % 200 AS VARCHAR)";
            String policy = "(['standard-chat','standard-email','vip','vip-chat','enterprise'])[1 + CAST((r >> 28) % 5 AS INTEGER)]";
            String fr = "CAST(5000 + (r >> 32) % 7200000 AS BIGINT)";
            String res = "CAST(60000 + (r >> 36) % 259200000 AS BIGINT)";
            String frBusiness = fr + " * 9 / 10";
            String resBusiness = res + " * 4 / 5";
            s.execute("INSERT INTO archived_tickets SELECT 'tkt_' || i, i + 1, 'closed', " + channel + ", " + priority
                    + ", " + tier + ", 'cust-' || CAST(i % 50000 AS VARCHAR), " + type + ", " + queue + ", " + agent
                    + ", NULL, NULL, created, created + " + res + ", created + " + res + " + 60000, created + " + res
                    + " + 120000, i + 1, 'key:chatbot', " + policy + ", 3600000, " + frBusiness + ", " + frBusiness
                    + " > 3600000, NULL, 14400000, 0, false, NULL, 86400000, " + resBusiness + ", " + resBusiness
                    + " > 86400000, NULL, '\\x00'::BLOB FROM g");
            // the same tickets as the projection would describe them for the reports
            s.execute("INSERT INTO report_tickets SELECT 'tkt_' || i, i + 1, created, " + channel + ", " + priority
                    + ", " + tier + ", " + type + ", " + queue + ", " + policy + ", " + agent + ", 'team-' ||"
                    + " CAST(((r >> 24) % 200) % 8 AS VARCHAR), created + " + fr + ", created + " + res
                    + ", CASE WHEN r % 100 < 3 THEN 1 ELSE 0 END, CASE WHEN (r >> 40) % 100 < 5 THEN 1 ELSE 0 END,"
                    + " CASE WHEN (r >> 40) % 100 < 5 THEN 2 ELSE 1 END, 3600000, " + frBusiness + ", " + frBusiness
                    + " > 3600000, 86400000, " + resBusiness + ", " + resBusiness + " > 86400000,"
                    + " CASE WHEN (r >> 52) % 10 < 3 THEN CAST(1 + (r >> 44) % 5 AS INTEGER) END,"
                    + " CASE WHEN (r >> 52) % 10 < 3 THEN CAST((r >> 48) % 11 AS INTEGER) END FROM g");
            // every ticket's dimensions, as the projection keeps them (schema 3; the event reports join them)
            // (ticket_key, schema 5, is left null: the first open fills it, as after an upgrade)
            s.execute("INSERT INTO ticket_dims (ticket_id, queue, handled_by, team, customer_tier, channel, type,"
                    + " priority, position) SELECT 'tkt_' || i, " + queue + ", " + agent + ", 'team-' ||"
                    + " CAST(((r >> 24) % 200) % 8 AS VARCHAR), " + tier + ", " + channel + ", " + type + ", " + priority
                    + ", i + 1 FROM g");
            s.execute("INSERT INTO feedback SELECT i + 1, 'tkt_' || i, created, CAST(1 + (r >> 44) % 5 AS INTEGER),"
                    + " CAST((r >> 48) % 11 AS INTEGER), NULL FROM g WHERE (r >> 52) % 10 < 3");
            s.execute("INSERT INTO agents SELECT 'a' || CAST(i AS VARCHAR), 'team-' || CAST(i % 8 AS VARCHAR), 'l2', 0"
                    + " FROM range(200) t(i)");
            // the timelines backlog and sla-events read: created, resolved, closed per ticket (3 %
            // reopened and resolved again), and on breached tickets a warning, a breach and, on
            // half of them, an escalation (encoded events: sla-events decodes them)
            String events = "INSERT INTO ticket_events SELECT " + (n + 1) + " + i * 10 + ?, 'tkt_' || i, {AT}, ?,"
                    + " 'router', NULL, ?, '{}' FROM g WHERE ";
            // the creation encoded (the dry-run decodes its draft); one chat ticket's for all of them
            sla(c, events, 0, "created", new DomainEvent.TicketCreated(0, "t", 1, new io.switchboard.core.ticket
                    .TicketDraft(io.switchboard.core.ticket.Channel.CHAT, io.switchboard.core.ticket.Priority.NORMAL,
                    new io.switchboard.core.ticket.Customer("c", io.switchboard.core.ticket.CustomerTier.STANDARD,
                    null), null, "subject", null, List.of(), null, Set.of(), Map.of(), null), "general", "api",
                    "intake", null, null, null), "true");
            lifecycle(c, events, 1, "created + " + res, "TicketResolved", "true");
            lifecycle(c, events, 2, "created + " + res + " + 1000", "TicketReopened", "r % 100 < 3");
            lifecycle(c, events, 3, "created + " + res + " + 2000", "TicketResolved", "r % 100 < 3");
            lifecycle(c, events, 4, "created + " + res + " + 60000", "TicketClosed", "true");
            String breached = frBusiness + " > 3600000";
            sla(c, events, 5, "created + 2700000", new DomainEvent.SlaWarning(0, "t", SlaMetric.FIRST_RESPONSE, 0.75, 0,
                    "router", "sla_warning"), breached);
            sla(c, events, 6, "created + 3600000", new DomainEvent.SlaBreached(0, "t", SlaMetric.FIRST_RESPONSE, 0,
                    "router", "sla_breached"), breached);
            sla(c, events, 7, "created + 4200000", new DomainEvent.SlaEscalated(0, "t", SlaMetric.FIRST_RESPONSE, 0,
                    EscalationAction.NOTIFY_TEAM_LEAD, null, "router", "sla_escalation"), breached + " AND r % 2 = 0");
            // 5 % transferred to a team 10 min after creation (technical 3 %, billing 2 %), taken by an
            // agent of that team 1 s to 3 h later (encoded: handoffs decodes the transfer's team)
            String transferred = "(r >> 40) % 100 < 5";
            sla(c, events, 8, "created + 600000", new DomainEvent.TicketTransferred(0, "t", "general", null,
                    "technical", null, "agent:a1", "needs_technical"), "(r >> 40) % 100 < 3");
            sla(c, events, 8, "created + 600000", new DomainEvent.TicketTransferred(0, "t", "general", null,
                    "billing", null, "agent:a1", "needs_billing"), "(r >> 40) % 100 BETWEEN 3 AND 4");
            sla(c, events, 9, "created + 601000 + (r >> 44) % 10800000", new DomainEvent.TicketAssigned(0, "t", "a2",
                    null, "agent:a2", null), transferred);
            // presence (occupancy, staffing): each of the 200 agents, each day, available 08:00, busy
            // 10:00, available 11:00, away 12:00, available 13:00, offline 17:00 (+ 0-59 min per agent)
            long presenceBase = n + 1 + 10L * n;
            String[][] day = {{"8", "presence", "available"}, {"10", "presence", "busy"},
                {"11", "presence", "available"}, {"12", "presence", "away"}, {"13", "presence", "available"},
                {"17", "disconnect", null}};
            for (int k = 0; k < day.length; k++) {
                s.execute("INSERT INTO agent_presence SELECT " + presenceBase + " + (d * " + day.length + " + " + k
                        + ") * 200 + a + 1, 'a' || CAST(a AS VARCHAR), " + t0 + " + d * 86400000 + " + day[k][0]
                        + " * 3600000 + (a % 60) * 60000, '" + day[k][1] + "', " + (day[k][2] == null ? "NULL"
                        : "'" + day[k][2] + "'") + ", NULL, NULL FROM range(30) x(d), range(200) y(a)");
            }
            s.execute("UPDATE history_position SET position = " + (presenceBase + 30L * day.length * 200));
            s.execute("UPDATE history_derived SET position = " + (presenceBase + 30L * day.length * 200));
            // sla_alerts (schema 4) are derived at the next open, as after an upgrade from schema 3
            s.execute("INSERT INTO history_backfill VALUES ('sla_alerts')");
            // the backlog's moves (schema 4), derived as the migration derives them from the timelines
            for (String step : BacklogMoves.BACKFILL) {
                s.execute(step);
            }
            s.execute("CHECKPOINT");
        }
    }
}
