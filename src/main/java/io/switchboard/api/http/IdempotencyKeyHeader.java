package io.switchboard.api.http;

/**
 * Reads {@code Idempotency-Key} as draft-ietf-httpapi-idempotency-key-header defines it: an RFC 8941
 * structured-field Item whose value is a String, e.g. {@code Idempotency-Key: "8e03978e-40d5"}.
 * Parameters after the item ({@code ;a=1}) are syntax-checked and ignored (the draft defines none).
 *
 * <p>Leniency, on purpose: a bare value made of token characters ({@code k1},
 * {@code 8e03978e-40d5-43e8}) is read as the same key as its quoted form, since clients written
 * before the draft send keys unquoted; a UUID that starts with a digit is not an RFC 8941 token but
 * is accepted too. Anything else (an unterminated string, a bad escape, a non-ASCII or control
 * character, a list, an empty key, more than {@link #MAX_LENGTH} characters) is malformed: 400.
 */
final class IdempotencyKeyHeader {
    static final String NAME = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    /** The key, or the reason the header is malformed (exactly one is non-null). */
    record Parsed(String key, String error) {
        static Parsed key(String key) {
            return new Parsed(key, null);
        }

        static Parsed error(String error) {
            return new Parsed(null, error);
        }
    }

    private IdempotencyKeyHeader() {
    }

    /** {@code raw} is the header value, null when absent (then the key is null and so is the error). */
    static Parsed parse(String raw) {
        if (raw == null) {
            return new Parsed(null, null);
        }
        String value = raw.strip();
        StringBuilder key = new StringBuilder();
        int i;
        if (value.startsWith("\"")) {
            i = 1;
            while (true) {
                if (i >= value.length()) {
                    return Parsed.error("the quoted key has no closing quote");
                }
                char c = value.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= value.length() || (value.charAt(i) != '"' && value.charAt(i) != '\\')) {
                        return Parsed.error("inside quotes only \\\" and \\\\ are escapes");
                    }
                    c = value.charAt(i++);
                } else if (c < 0x20 || c > 0x7e) {
                    return Parsed.error("the key may hold printable ASCII characters only");
                }
                key.append(c);
            }
        } else {
            i = 0;
            while (i < value.length() && tokenChar(value.charAt(i))) {
                key.append(value.charAt(i++));
            }
        }
        String error = parameters(value, i);
        if (error != null) {
            return Parsed.error(error);
        }
        if (key.isEmpty()) {
            return Parsed.error("the key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            return Parsed.error("the key is longer than " + MAX_LENGTH + " characters");
        }
        return Parsed.key(key.toString());
    }

    /** Checks what follows the item: nothing, or {@code ;name[=value]} parameters. Null when well-formed. */
    private static String parameters(String value, int from) {
        int i = from;
        while (i < value.length()) {
            if (value.charAt(i) != ';') {
                return "a single string or token is expected (as \"key\" or key), found '" + value.charAt(i) + "'";
            }
            i++;
            while (i < value.length() && value.charAt(i) == ' ') {
                i++;
            }
            int name = i;
            while (i < value.length() && (Character.isLowerCase(value.charAt(i)) || Character.isDigit(value.charAt(i))
                    || "_-.*".indexOf(value.charAt(i)) >= 0)) {
                i++;
            }
            if (i == name || !(Character.isLowerCase(value.charAt(name)) || value.charAt(name) == '*')) {
                return "a parameter name is malformed";
            }
            if (i < value.length() && value.charAt(i) == '=') {
                i++;
                int start = i;
                while (i < value.length() && value.charAt(i) != ';') {
                    char c = value.charAt(i++);
                    if (c <= 0x20 || c > 0x7e) {
                        return "a parameter value is malformed";
                    }
                }
                if (i == start) {
                    return "a parameter value is empty";
                }
            }
        }
        return null;
    }

    /** RFC 9110 tchar, plus ':' and '/' as RFC 8941 tokens allow. */
    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
    }
}
