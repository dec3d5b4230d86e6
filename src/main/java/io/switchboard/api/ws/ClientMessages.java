package io.switchboard.api.ws;

import io.switchboard.core.agent.Presence;
import io.switchboard.engine.Command;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Maps agent → server messages ({@code presence}, {@code accept}, {@code reject}) to commands.
 *
 * <p>{@link #decode} reads the common shape, a flat object whose members are all plain strings
 * (no escapes), by scanning the text once and cutting out only the values it needs; anything else
 * (numbers, nesting, escapes, malformed text) is parsed into a {@link JsonObject} as before, so
 * both ways give the same answer for every input ({@code ClientMessagesTest} compares them). An
 * {@code accept} parsed into a tree cost about 1 KB (a map, its entries, a parser).
 */
final class ClientMessages {
    private static final int MAX_ID = 128;
    static final String NOT_AN_OBJECT = "messages must be JSON objects";

    /**
     * One client message: the {@code id} to answer with (a string of at most 128 chars, a number,
     * or null), and either the command or the {@code bad_message} text.
     */
    record Decoded(Object id, Command command, String problem) {}

    private ClientMessages() {
    }

    /** {@code text} read as {@link #decodeTree} reads it, without a tree when it is flat and plain. */
    static Decoded decode(String text, String agentId, String sessionId) {
        Decoded flat = Flat.decode(text, agentId, sessionId);
        return flat != null ? flat : decodeTree(text, agentId, sessionId);
    }

    /** {@link #decode}'s answer when the text is flat and plain, else null (tests: which way was taken). */
    static Decoded decodeFlat(String text, String agentId, String sessionId) {
        return Flat.decode(text, agentId, sessionId);
    }

    /** The message parsed into a {@link JsonObject}: the reference for {@link #decode}. */
    static Decoded decodeTree(String text, String agentId, String sessionId) {
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return new Decoded(null, null, NOT_AN_OBJECT);
        }
        return decoded(msg::getValue, agentId, sessionId);
    }

    private static Decoded decoded(Function<String, Object> member, String agentId, String sessionId) {
        Object rawId = member.apply("id");
        Object id = rawId instanceof String s && s.length() <= MAX_ID || rawId instanceof Number ? rawId : null;
        Command command = toCommand(member, agentId, sessionId);
        return new Decoded(id, command, command == null ? describeProblem(member) : null);
    }

    /** The command for a well-formed message, or null (see {@link #describeProblem}). */
    private static Command toCommand(Function<String, Object> msg, String agentId, String sessionId) {
        String type = text(msg, "type");
        if (type == null) {
            return null;
        }
        switch (type) {
            case "presence": {
                String status = text(msg, "status");
                Presence presence = status == null ? null : Presence.parse(status).orElse(null);
                return presence == null ? null : new Command.SetPresence(agentId, sessionId, presence);
            }
            case "accept": {
                String offerId = text(msg, "offerId");
                return offerId == null ? null : new Command.Accept(agentId, sessionId, offerId);
            }
            case "reject": {
                String offerId = text(msg, "offerId");
                String reason = msg.apply("reason") instanceof String r && r.length() <= 500 ? r : "rejected";
                return offerId == null ? null : new Command.Reject(agentId, sessionId, offerId, reason);
            }
            default:
                return null;
        }
    }

    private static String describeProblem(Function<String, Object> msg) {
        String type = text(msg, "type");
        if (type == null) {
            return "every message needs a string 'type': presence, accept or reject";
        }
        switch (type) {
            case "presence":
                return "presence needs 'status': available, away, busy or offline";
            case "accept":
            case "reject":
                return type + " needs a string 'offerId'";
            default:
                return "unknown message type '" + (type.length() > 40 ? type.substring(0, 40) + "…" : type)
                        + "'; expected presence, accept or reject";
        }
    }

    private static String text(Function<String, Object> msg, String key) {
        Object value = msg.apply(key);
        return value instanceof String s && !s.isEmpty() && s.length() <= MAX_ID ? s : null;
    }

    /**
     * The members a message may use, cut from a flat object of plain strings; {@link #decode}
     * returns null for any other text (the tree then decides). Plain: no backslash, no control
     * character, no surrogate (Jackson's handling of those is left to Jackson). A later duplicate
     * member wins, as in the tree.
     */
    private record Flat(String type, String offerId, String status, String reason, String id)
            implements Function<String, Object> {
        @Override
        public Object apply(String key) {
            return switch (key) {
                case "type" -> type;
                case "offerId" -> offerId;
                case "status" -> status;
                case "reason" -> reason;
                case "id" -> id;
                default -> null;
            };
        }

        static Decoded decode(String text, String agentId, String sessionId) {
            int n = text.length();
            int i = space(text, 0);
            if (i >= n || text.charAt(i) != '{') {
                return null;
            }
            String type = null;
            String offerId = null;
            String status = null;
            String reason = null;
            String id = null;
            i = space(text, i + 1);
            if (i < n && text.charAt(i) == '}') {
                i++;
            } else {
                while (true) {
                    if (i >= n || text.charAt(i) != '"') {
                        return null;
                    }
                    int keyStart = i + 1;
                    int keyEnd = plainEnd(text, keyStart);
                    if (keyEnd < 0) {
                        return null;
                    }
                    i = space(text, keyEnd + 1);
                    if (i >= n || text.charAt(i) != ':') {
                        return null;
                    }
                    i = space(text, i + 1);
                    if (i >= n || text.charAt(i) != '"') {
                        return null; // not a string: the tree reads it
                    }
                    int valueStart = i + 1;
                    int valueEnd = plainEnd(text, valueStart);
                    if (valueEnd < 0) {
                        return null;
                    }
                    int keyLength = keyEnd - keyStart;
                    if (is(text, keyStart, keyLength, "type")) {
                        type = text.substring(valueStart, valueEnd);
                    } else if (is(text, keyStart, keyLength, "offerId")) {
                        offerId = text.substring(valueStart, valueEnd);
                    } else if (is(text, keyStart, keyLength, "status")) {
                        status = text.substring(valueStart, valueEnd);
                    } else if (is(text, keyStart, keyLength, "reason")) {
                        reason = text.substring(valueStart, valueEnd);
                    } else if (is(text, keyStart, keyLength, "id")) {
                        id = text.substring(valueStart, valueEnd);
                    }
                    i = space(text, valueEnd + 1);
                    if (i >= n) {
                        return null;
                    }
                    char c = text.charAt(i);
                    if (c == '}') {
                        i++;
                        break;
                    }
                    if (c != ',') {
                        return null;
                    }
                    i = space(text, i + 1);
                }
            }
            if (space(text, i) != n) {
                return null; // trailing text: the tree refuses it
            }
            return decoded(new Flat(type, offerId, status, reason, id), agentId, sessionId);
        }

        private static boolean is(String text, int at, int length, String key) {
            return length == key.length() && text.startsWith(key, at);
        }

        /** JSON's four whitespace characters skipped from {@code i}. */
        private static int space(String text, int i) {
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                i++;
            }
            return i;
        }

        /** The index of the closing quote of a plain string starting at {@code i}, or -1. */
        private static int plainEnd(String text, int i) {
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    return i;
                }
                if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                    return -1;
                }
            }
            return -1;
        }
    }
}
