package io.switchboard.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.engine.Command;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed body keeps what the JSON tree held for the members asked for, and refuses what the tree refused. */
class StreamedBodyTest {
    private static StreamedBody.Members read(String text, StreamedBody.Shape shape) throws StreamedBody.NotAnObject {
        return StreamedBody.read(Buffer.buffer(text), shape);
    }

    private static String refusal(String text) {
        return assertThrows(StreamedBody.NotAnObject.class, () -> read(text, Requests.TICKET)).getMessage();
    }

    @Test
    void read_fieldsOfEveryKind_sameValuesAsTheTree() throws Exception {
        String text = "{\"fields\":{\"i\":1,\"d\":1.5,\"l\":12345678901,\"big\":123456789012345678901234,\"t\":true,"
                + "\"s\":\"x\",\"n\":null,\"o\":{\"a\":[1]},\"a\":[{}]}}";
        Map<?, ?> streamed = (Map<?, ?>) read(text, Requests.TICKET).get("fields");
        Map<String, Object> tree = new JsonObject(text).getJsonObject("fields").getMap();
        assertEquals(List.copyOf(tree.keySet()), List.copyOf(streamed.keySet()));
        for (String name : List.of("i", "d", "l", "big", "t", "s", "n")) {
            assertEquals(tree.get(name), streamed.get(name), name);
        }
        assertSame(StreamedBody.OBJECT, streamed.get("o"));
        assertSame(StreamedBody.ARRAY, streamed.get("a"));
    }

    @Test
    void read_repeatedMember_keepsTheLastAtTheFirstPlace() throws Exception {
        StreamedBody.Members body = read("{\"channel\":\"web\",\"fields\":{\"a\":1,\"b\":2,\"a\":{}},"
                + "\"customer\":{\"id\":\"c1\"},\"channel\":\"chat\",\"customer\":{\"tier\":\"vip\"}}", Requests.TICKET);
        assertEquals("chat", body.get("channel"));
        StreamedBody.Members customer = (StreamedBody.Members) body.get("customer");
        assertNull(customer.get("id"));
        assertEquals("vip", customer.get("tier"));
        Map<?, ?> fields = (Map<?, ?>) body.get("fields");
        assertEquals(List.of("a", "b"), List.copyOf(fields.keySet()));
        assertSame(StreamedBody.OBJECT, fields.get("a"));
    }

    @Test
    void read_membersNotAskedFor_skippedButStillChecked() throws Exception {
        StreamedBody.Members body = read("{\"x\":{\"y\":[1,{\"z\":null}]},\"reason\":\"r\"}", Requests.ACTION);
        assertEquals("r", body.get("reason"));
        assertEquals("the body is not valid JSON", assertThrows(StreamedBody.NotAnObject.class,
                () -> read("{\"x\":{\"y\":[1,}]},\"reason\":\"r\"}", Requests.ACTION)).getMessage());
    }

    @Test
    void read_nestedValueWhereAScalarIsRead_isMarkedByKind() throws Exception {
        StreamedBody.Members body = read("{\"channel\":{\"a\":1},\"customer\":[1],\"tags\":{},\"requiredSkills\":[\"x\",{\"name\":\"n\"}]}",
                Requests.TICKET);
        assertSame(StreamedBody.OBJECT, body.get("channel"));
        assertSame(StreamedBody.ARRAY, body.get("customer"));
        assertSame(StreamedBody.OBJECT, body.get("tags"));
        List<?> skills = (List<?>) body.get("requiredSkills");
        assertEquals("x", skills.get(0));
        assertEquals("n", ((StreamedBody.Members) skills.get(1)).get("name"));
    }

    @Test
    void read_notAnObject_sameDetailAsTheTree() {
        assertEquals("the body must be a JSON object", refusal("[1,2]"));
        assertEquals("the body must be a JSON object", refusal("\"text\""));
        assertEquals("the body is not valid JSON", refusal("[1,2"));
        assertEquals("the body is not valid JSON", refusal("{\"channel\":\"chat\"} {}"));
        assertEquals("the body is not valid JSON", refusal("{\"channel\":\"chat\""));
        assertEquals("the body is not valid JSON", refusal("{\"channel\" \"chat\"}"));
    }

    @Test
    void read_javaCommentAsTheTreeAllows_isRead() throws Exception {
        assertEquals("chat", read("{/* a comment */\"channel\":\"chat\"}", Requests.TICKET).get("channel"));
    }

    @Test
    void createTicket_streamedBody_sameDraftAsSent() throws Exception {
        String text = "{\"channel\":\"chat\",\"priority\":\"high\",\"customer\":{\"id\":\"c-1\",\"tier\":\"vip\","
                + "\"name\":\"Ann\",\"extra\":[1]},\"type\":\"billing\",\"subject\":\"s\",\"description\":\"d\","
                + "\"requiredSkills\":[{\"name\":\"billing\",\"level\":3},{\"name\":\"vat\"}],\"language\":\"zh-CN\","
                + "\"tags\":[\"a\",\"b\"],\"fields\":{\"orderId\":\"A-1\",\"n\":2,\"f\":1.0},\"queue\":\"q1\",\"unknown\":{}}";
        Requests.Parsed parsed = Requests.createTicket(read(text, Requests.TICKET), null, "tester");
        assertEquals(List.of(), parsed.errors());
        Command.CreateTicket create = assertInstanceOf(Command.CreateTicket.class, parsed.command());
        assertEquals("TicketDraft[channel=CHAT, priority=HIGH, customer=Customer[id=c-1, tier=VIP, name=Ann],"
                + " type=billing, subject=s, description=d, requiredSkills=[SkillRequirement[name=billing, level=3],"
                + " SkillRequirement[name=vat, level=1]], language=zh-CN, tags=[a, b], fields={f=1.0, n=2,"
                + " orderId=A-1}, queue=q1]", create.draft().toString());
    }

    @Test
    void createTicket_wrongKindsEverywhere_oneErrorPerMemberInTheDocumentedOrder() throws Exception {
        String text = "{\"channel\":1,\"priority\":[],\"customer\":{\"id\":\"\",\"tier\":\"gold\",\"name\":5},"
                + "\"type\":\"Bad Type\",\"subject\":{},\"requiredSkills\":[1,{\"name\":\"x\",\"level\":9},"
                + "{\"name\":\"x\"}],\"language\":\"1\",\"tags\":[\"ok\",2],\"fields\":{\"a\":{},\"b\":null},"
                + "\"queue\":true}";
        Requests.Parsed parsed = Requests.createTicket(read(text, Requests.TICKET), null, "tester");
        assertNull(parsed.command());
        assertEquals(List.of("/channel must be one of web, email, chat, wechat, voice, api",
                "/priority must be one of urgent, high, normal, low",
                "/customer/id must not be blank",
                "/customer/tier must be one of standard, vip, enterprise",
                "/customer/name must be a string",
                "/type must be a lower-case name (max 64)",
                "/subject must be a string",
                "/requiredSkills/0 must be an object {name, level}",
                "/requiredSkills/1/level must be a whole number from 1 to 5",
                "/requiredSkills/2/name skill 'x' is listed twice",
                "/language must be a language tag",
                "/tags/1 must be a lower-case tag (max 64)",
                "/fields/a must be a string, number or boolean",
                "/fields/b must be a string, number or boolean",
                "/queue must be a string"),
                parsed.errors().stream().map(e -> e.pointer() + " " + e.message()).toList());
    }

    @Test
    void action_emptyBody_everyMemberAbsent() {
        Requests.Parsed parsed = Requests.action("resolve", "tkt_1", Requests.ACTION.empty(), "tester");
        assertEquals(new Command.Resolve("tkt_1", "unspecified", "tester"), parsed.command());
    }
}
