package io.switchboard.history;

/**
 * Opaque page cursors of {@link HistoryStore#list}: the last sequence number handed out, in
 * base 36 after an {@code h} so they never pass for an open-ticket cursor of the engine.
 */
final class Cursor {
    private Cursor() {}

    static String encode(long seq) {
        return "h" + Long.toString(seq, 36);
    }

    /** 0 for null (from the start). */
    static long decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            if (cursor.length() > 1 && cursor.charAt(0) == 'h') {
                long seq = Long.parseLong(cursor.substring(1), 36);
                if (seq >= 0) {
                    return seq;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new IllegalArgumentException("not a history cursor: " + cursor);
    }
}
