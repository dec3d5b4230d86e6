package io.switchboard.api.http;

import io.switchboard.history.ReportBuckets;
import io.switchboard.history.ReportQuery;
import io.switchboard.history.ReportTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report as JSON ({@code rows} of objects keyed by column) or CSV (RFC 4180: a header line,
 * CRLF line ends, fields quoted when they hold a comma, quote or line break). Bucket starts are
 * ISO-8601 times with the calendar's offset; absent values are JSON null and empty CSV fields.
 */
final class ReportRender {
    private ReportRender() {}

    static JsonObject json(ReportQuery query, ReportBuckets.Size bucket, ReportTable table) {
        JsonArray groupBy = new JsonArray();
        query.groupBy().forEach(d -> groupBy.add(d.wire()));
        JsonArray rows = new JsonArray();
        for (List<Object> row : table.rows()) {
            JsonObject out = new JsonObject();
            for (int c = 0; c < table.columns().size(); c++) {
                Object v = row.get(c);
                out.put(table.columns().get(c), c == 0 ? time((Long) v, query.zone()) : v);
            }
            rows.add(out);
        }
        return new JsonObject()
                .put("report", query.report().wire())
                .put("from", time(query.from(), query.zone()))
                .put("to", time(query.to(), query.zone()))
                .put("zone", query.zone().getId())
                .put("bucket", bucket == null ? null : bucket.wire())
                .put("groupBy", groupBy)
                .put("columns", new JsonArray(table.columns()))
                .put("rows", rows);
    }

    /** {@code zone} null: a table without a bucket column (the SLA advice's groups). */
    static String csv(ReportTable table, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        line(out, table.columns().stream().map(Object.class::cast).toList(), zone, false);
        for (List<Object> row : table.rows()) {
            line(out, row, zone, true);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> values, ZoneId zone, boolean data) {
        for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            String text = v == null ? "" : data && c == 0 && zone != null ? time((Long) v, zone) : String.valueOf(v);
            if (c > 0) {
                out.append(',');
            }
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                out.append(text);
            }
        }
        out.append("\r\n");
    }

    static String time(long millis, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
