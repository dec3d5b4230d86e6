package io.switchboard.load;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The intended send time travels inside the ticket, as the custom field {@value #SENT} (a
 * {@link System#nanoTime()} value of this generator process, as a string), and comes back in every
 * offer or assignment the server pushes. Latency is therefore computed in one process on one
 * clock, whichever arrives first, the POST answer or the push. {@value #RUN} carries a token of
 * this process, so tickets left over from an earlier run (offered to a reused agent id) are
 * recognised and not measured.
 */
final class Stamp {
    static final String SENT = "lt_intended";
    static final String RUN = "lt_run";
    static final String TOKEN = UUID.randomUUID().toString().substring(0, 8);

    private Stamp() {
    }

    /** The two stamp members, for appending inside a ticket's {@code fields} object. */
    static String fields(long intendedNanos) {
        return "\"" + RUN + "\":\"" + TOKEN + "\",\"" + SENT + "\":\"" + intendedNanos + "\"";
    }

    /** The intended time carried by a ticket of this run, or {@code Long.MIN_VALUE}. */
    static long read(JsonObject ticket) {
        JsonObject fields = ticket == null ? null : ticket.getJsonObject("fields");
        if (fields == null || !TOKEN.equals(fields.getValue(RUN))) {
            return Long.MIN_VALUE;
        }
        Object value = fields.getValue(SENT);
        try {
            return value == null ? Long.MIN_VALUE : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
