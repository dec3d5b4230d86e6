package io.switchboard.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: the creation sequence of the last ticket on a page. */
final class Cursors {
    private Cursors() {
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** 0 for no cursor, -1 for a cursor this server did not issue. */
    static long decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return text.startsWith("s:") ? Math.max(-1, Long.parseLong(text.substring(2))) : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
