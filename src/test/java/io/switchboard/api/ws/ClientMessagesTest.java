package io.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Command;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {
    private static final String[] KEYS = {"type", "offerId", "status", "reason", "id", "x", "typ", "types", "Type", ""};
    private static final String[] TYPES = {"accept", "reject", "presence", "dance", "", "ACCEPT"};
    private static final String[] STATUSES = {"available", "away", "busy", "offline", "sleeping", ""};
    private static final String[] SPACES = {"", " ", "\t", "\n", "\r\n", "  ", "\u00a0", "\f"};

    @Test
    void decode_typicalMessages_takeTheFlatWayAndReadAsTheTree() {
        String[] typical = {
            "{\"type\":\"accept\",\"offerId\":\"off_1\",\"id\":\"tkt_9\"}",
            "{\"type\":\"presence\",\"status\":\"available\"}",
            "{ \"type\" : \"reject\" , \"offerId\" : \"off_2\" , \"reason\" : \"busy on a call\" }",
            "{}",
        };
        for (String text : typical) {
            assertThat(ClientMessages.decodeFlat(text, "a1", "s1")).as(text).isNotNull()
                    .isEqualTo(ClientMessages.decodeTree(text, "a1", "s1"));
        }
        assertThat(ClientMessages.decode(typical[0], "a1", "s1"))
                .isEqualTo(new ClientMessages.Decoded("tkt_9", new Command.Accept("a1", "s1", "off_1"), null));
    }

    @Test
    void decode_textTheFlatWayLeavesToTheTree_sameAnswerAsTheTree() {
        String[] others = {
            "{\"type\":\"accept\",\"offerId\":\"off_1\",\"id\":7}",
            "{\"type\":\"accept\",\"offerId\":\"off_1\",\"id\":7.5e3}",
            "{\"type\":\"accept\",\"offerId\":\"o\\u0066f\"}",
            "{\"type\":\"accept\",\"offerId\":null}",
            "{\"type\":\"accept\",\"offerId\":{\"a\":1}}",
            "{\"type\":\"accept\",\"offerId\":[\"x\"]}",
            "{\"type\":\"accept\",\"offerId\":\"off_1\"} trailing",
            "{\"type\":\"accept\",\"offerId\":\"off_1\"",
            "{\"type\":\"accept\",,\"offerId\":\"off_1\"}",
            "{\"type\":\"accept\",}",
            "[\"accept\"]", "\"accept\"", "42", "", " ", "null", "{", "}", "{\"type\"}", "{\"type\":}",
            "{'type':'accept'}", "{type:\"accept\"}", "{\"type\":\"acc\u0001ept\"}", "{\"type\":\"\ud83d\ude00\"}",
            "{\"a\":\"\\\"\",\"type\":\"presence\",\"status\":\"away\"}",
        };
        for (String text : others) {
            assertThat(ClientMessages.decode(text, "a1", "s1")).as(text)
                    .isEqualTo(ClientMessages.decodeTree(text, "a1", "s1"));
        }
    }

    @Test
    void decode_manyGeneratedMessages_sameAnswerAsTheTree() {
        SplittableRandom random = new SplittableRandom(7);
        int flat = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = message(random);
            ClientMessages.Decoded tree = ClientMessages.decodeTree(text, "a1", "s1");
            assertThat(ClientMessages.decode(text, "a1", "s1")).as(text).isEqualTo(tree);
            if (ClientMessages.decodeFlat(text, "a1", "s1") != null) {
                flat++;
            }
        }
        assertThat(flat).as("a good share of the inputs took the flat way").isGreaterThan(10_000);
    }

    private static String message(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        text.append(space(random)).append('{');
        int members = random.nextInt(6);
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                text.append(space(random)).append(',');
            }
            text.append(space(random)).append('"').append(KEYS[random.nextInt(KEYS.length)]).append('"')
                    .append(space(random)).append(':').append(space(random)).append(value(random));
        }
        text.append(space(random)).append('}').append(space(random));
        if (random.nextInt(20) == 0) {
            // damage: cut it short, or add a character somewhere
            int at = random.nextInt(text.length() + 1);
            if (random.nextBoolean()) {
                text.setLength(at);
            } else {
                String damage = ",:{}[]\"x\\ 1";
                text.insert(at, damage.charAt(random.nextInt(damage.length())));
            }
        }
        return text.toString();
    }

    private static String space(SplittableRandom random) {
        return random.nextInt(4) == 0 ? SPACES[random.nextInt(SPACES.length)] : "";
    }

    private static String value(SplittableRandom random) {
        switch (random.nextInt(12)) {
            case 0:
                return Integer.toString(random.nextInt(-5, 1000));
            case 1:
                return random.nextBoolean() ? "null" : "true";
            case 2:
                return "{\"type\":\"accept\"}";
            case 3:
                return "[\"off_1\", 2]";
            case 4:
                return "\"" + TYPES[random.nextInt(TYPES.length)] + "\"";
            case 5:
                return "\"" + STATUSES[random.nextInt(STATUSES.length)] + "\"";
            case 6:
                return "\"" + "o".repeat(random.nextInt(120, 140)) + "\"";
            case 7:
                return "\"" + "r".repeat(random.nextInt(490, 510)) + "\"";
            case 8:
                return "12.5e2";
            default:
                StringBuilder s = new StringBuilder("\"");
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    int kind = random.nextInt(40);
                    if (kind == 0) {
                        s.append("\\n");
                    } else if (kind == 1) {
                        s.append("\\u00e9");
                    } else if (kind == 2) {
                        s.append((char) random.nextInt(0x20)); // raw control character: not JSON
                    } else if (kind == 3) {
                        s.append("\ud83d\ude00");
                    } else if (kind == 4) {
                        s.append((char) random.nextInt(0x80, 0xD800));
                    } else {
                        s.append((char) random.nextInt(0x20, 0x7F));
                    }
                }
                return s.append('"').toString();
        }
    }
}
