package io.switchboard.history;

import io.switchboard.core.event.DomainEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Not a test: checks that a change to the history writer stores the same data. Writes the same
 * {@link EngineHistory} journal into a DuckDB file in chunks of the given size, then prints every
 * history table's rows (sorted by all columns; encoded events as their length and sorted JSON,
 * see {@link #canonical}) as one SHA-256 per table and the row count; run it
 * with the classes of two builds and compare the output
 * ({@code java -Djournal=FILE -cp <classes>:target/test-classes:<deps> io.switchboard.history.HistoryTableDump [tickets] [chunk] [table whose rows to print]}).
 */
final class HistoryTableDump {
    private static final List<String> TABLES = List.of("history_position", "history_derived", "ticket_events",
            "archived_tickets", "report_tickets", "ticket_dims", "backlog_moves", "backlog_open", "sla_alerts",
            "agent_presence", "agents", "compensations", "feedback");

    private static final io.switchboard.store.EventCodec CODEC = io.switchboard.store.EventCodec.instance();
    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private HistoryTableDump() {}

    /**
     * A JSON text with every object's keys sorted. Why: a decoded event's maps (an archived
     * ticket's clocks, keyed by metric) iterate in an order that differs between JVM runs, so the
     * same journal is stored with the same values in a different order; encoded events are
     * compared by their length and this form of their JSON.
     */
    private static String canonical(String json) throws java.io.IOException {
        return SORTED.writeValueAsString(SORTED.readValue(json, Object.class));
    }

    /**
     * The journal, kept in {@code file} (the codec's bytes) when given: the engine's maps iterate
     * in an order that can differ between JVMs, so two builds compare on one journal file.
     */
    private static List<DomainEvent> journal(int tickets, String file) throws java.io.IOException {
        io.switchboard.store.EventCodec codec = io.switchboard.store.EventCodec.instance();
        if (file != null && Files.exists(Path.of(file))) {
            List<DomainEvent> events = new java.util.ArrayList<>();
            try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(Path.of(file))))) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    byte[] bytes = new byte[in.readInt()];
                    in.readFully(bytes);
                    events.add(codec.decode(bytes));
                }
            }
            return events;
        }
        List<DomainEvent> events = EngineHistory.run(tickets).journal;
        if (file != null) {
            try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(file))))) {
                out.writeInt(events.size());
                for (DomainEvent e : events) {
                    byte[] bytes = codec.encode(e);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
            return journal(tickets, file); // decoded, as both builds will read it
        }
        return events;
    }

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        List<DomainEvent> journal = journal(tickets, System.getProperty("journal"));
        Path dir = Files.createTempDirectory("history-dump");
        try {
            try (HistoryStore store = HistoryStores.duckDb(dir)) {
                for (int first = 0; first < journal.size(); first += chunk) {
                    store.write(first + 1L, journal.subList(first, Math.min(journal.size(), first + chunk)));
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(HistoryStores.DUCKDB_FILE));
                    Statement s = c.createStatement()) {
                for (String table : TABLES) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    long rows = 0;
                    try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY ALL")) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder line = new StringBuilder();
                            for (int i = 1; i <= columns; i++) {
                                Object v = rs.getObject(i);
                                if (v instanceof java.sql.Blob b) {
                                    v = b.getBytes(1, (int) b.length());
                                }
                                String column = rs.getMetaData().getColumnName(i);
                                line.append(v instanceof byte[] b ? b.length + ":" + canonical(EventJson.of(CODEC.decode(b)))
                                        : column.endsWith("_json") && v != null ? canonical((String) v) : String.valueOf(v))
                                        .append('\u0001');
                            }
                            if (args.length > 2 && args[2].equals(table)) {
                                System.out.println(line);
                            }
                            digest.update(line.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            rows++;
                        }
                    }
                    System.out.printf("%-18s %7d rows %s%n", table, rows, HexFormat.of().formatHex(digest.digest()));
                }
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }
}
