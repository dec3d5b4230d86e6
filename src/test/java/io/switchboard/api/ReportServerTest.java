package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/reports/{report}} on a real server whose closed tickets are archived at once:
 * JSON and CSV, each role's reach, and bad parameters. The measures themselves are checked
 * against a hand-computed fixture in the history package (ReportsContract).
 */
class ReportServerTest {
    private static final String CONFIG = TestServer.CONFIG + String.join("\n",
            "agents:",
            "  - {id: alice, team: support, tier: L2, skills: {billing: 4, general: 3}, languages: [en],"
                    + " capacity: {chat: 3, email: 3}}",
            "calendars:",
            "  - name: shanghai-office",
            "    zone: Asia/Shanghai",
            "    open: {mon: [\"09:00-18:00\"]}",
            "sla:",
            "  policies:",
            "    - name: standard",
            "      match: {}",
            "      targets: {firstResponse: 1h, resolution: 1d}",
            "      calendar: 24x7",
            "retention:",
            "  archiveAfter: 0s",
            "");
    private static final String FROM = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS)
            .toString();
    private static final String TO = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS)
            .toString();

    private static Vertx vertx;
    private static TestServer server;
    private static AgentClient alice;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, CONFIG);
        alice = server.connect("alice");
        alice.await("welcome");
        alice.goAvailable();
        for (int i = 0; i < 3; i++) {
            String id = server.createTicket(TestServer.ticket(i == 1 ? "email" : "chat", "billing", "c-" + i))
                    .getString("id");
            JsonObject offer = alice.await("offer");
            alice.replyTo(alice.send(new JsonObject().put("type", "accept").put("offerId", offer.getString("offerId"))));
            assertThat(server.post("/v1/tickets/" + id + "/reply", new JsonObject().put("message", "done")).status())
                    .isEqualTo(200);
            assertThat(server.post("/v1/tickets/" + id + "/resolve", new JsonObject()).status()).isEqualTo(200);
            if (i < 2) {
                assertThat(server.post("/v1/tickets/" + id + "/feedback", new JsonObject().put("csat", 5 - i)
                        .put("nps", 10)).status()).isEqualTo(200);
            }
            assertThat(server.post("/v1/tickets/" + id + "/close", new JsonObject()).status()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tickets(admin("response-times", "")) < 3) {
            assertThat(System.nanoTime()).as("the three tickets archived and projected in time").isLessThan(deadline);
            sleep();
        }
    }

    @AfterAll
    static void stop() {
        alice.close();
        TestServer.await(vertx.close());
    }

    private static String range(String extra) {
        return "?from=" + URLEncoder.encode(FROM, StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(TO, StandardCharsets.UTF_8) + extra;
    }

    private static TestServer.Reply admin(String report, String extra) {
        return server.get("/v1/reports/" + report + range(extra));
    }

    private static long tickets(TestServer.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().getJsonArray("rows").stream().mapToLong(r -> ((JsonObject) r).getLong("tickets")).sum();
    }

    @Test
    void report_adminJson_groupedByChannelWithTheRangeEchoed() {
        TestServer.Reply reply = admin("response-times", "&groupBy=channel&calendar=shanghai-office");

        JsonObject body = reply.json();
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(body.getString("report")).isEqualTo("response-times");
        assertThat(body.getString("zone")).isEqualTo("Asia/Shanghai");
        assertThat(body.getString("from")).endsWith("+08:00");
        assertThat(body.getJsonArray("groupBy").getList()).containsExactly("channel");
        List<JsonObject> rows = body.getJsonArray("rows").stream().map(JsonObject.class::cast).toList();
        assertThat(rows).extracting(r -> r.getString("channel")).containsExactly("chat", "email");
        assertThat(rows).extracting(r -> r.getLong("tickets")).containsExactly(2L, 1L);
        assertThat(rows).extracting(r -> r.getLong("first_response_count")).containsExactly(2L, 1L);
        assertThat(rows.get(0).getString("bucket")).isEqualTo(body.getString("from"));
    }

    @Test
    void report_acceptCsv_headerAndOneLinePerRow() {
        TestServer.Reply reply = server.send("GET", "/v1/reports/satisfaction" + range("&groupBy=channel"), null,
                "Accept", "text/csv");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/csv");
        List<String> lines = List.of(reply.body().split("\r\n"));
        assertThat(lines).hasSize(3);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).startsWith("bucket", "channel", "tickets");
        List<String> chat = List.of(lines.get(1).split(",", -1));
        assertThat(chat.get(header.indexOf("channel"))).isEqualTo("chat");
        assertThat(chat.get(header.indexOf("rated"))).isEqualTo("1");
        assertThat(chat.get(header.indexOf("csat_mean"))).isEqualTo("5.0");
        List<String> email = List.of(lines.get(2).split(",", -1));
        assertThat(email.get(header.indexOf("csat_mean"))).isEqualTo("4.0");
    }

    @Test
    void report_eachRolesReach() {
        TestServer.Reply own = server.send("GET", "/v1/reports/resolution" + range(""), null, "Authorization",
                server.bearer("alice", Role.AGENT));
        TestServer.Reply other = server.send("GET", "/v1/reports/resolution" + range(""), null, "Authorization",
                server.bearer("bob", Role.AGENT));
        TestServer.Reply supervisorOfNothing = server.send("GET", "/v1/reports/resolution" + range(""), null,
                "Authorization", server.bearer("lead-1", Role.SUPERVISOR));
        TestServer.Reply integration = server.send("GET", "/v1/reports/resolution" + range(""), null,
                "Authorization", server.bearer("chatbot", Role.INTEGRATION));

        assertThat(tickets(own)).isEqualTo(3);
        assertThat(tickets(other)).isZero();
        assertThat(tickets(supervisorOfNothing)).isZero();
        assertThat(integration.status()).isEqualTo(403);
    }

    @Test
    void report_badParameters_422NamingEach_unknownReport_404() {
        TestServer.Reply bad = server.get("/v1/reports/resolution?from=yesterday&bucket=month&groupBy=colour"
                + "&calendar=moon&colour=red");
        TestServer.Reply backwards = server.get("/v1/reports/resolution?from=2026-11-03&to=2026-11-02");
        TestServer.Reply tooMany = server.get("/v1/reports/resolution?from=2020-01-01&to=2026-01-01&bucket=hour");
        TestServer.Reply unknown = admin("mood", "");

        assertThat(bad.status()).isEqualTo(422);
        assertThat(pointers(bad)).containsExactlyInAnyOrder("/from", "/to", "/bucket", "/groupBy", "/calendar",
                "/colour");
        assertThat(pointers(backwards)).containsExactly("/to");
        assertThat(pointers(tooMany)).containsExactly("/to");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("detail")).contains("response-times");
    }

    @Test
    void backlogAndSlaEvents_groupedAndScopedLikeTheOthers_policyRejected() {
        TestServer.Reply backlog = admin("backlog", "");
        TestServer.Reply slaEvents = admin("sla-events", "");
        TestServer.Reply agent = server.send("GET", "/v1/reports/backlog" + range(""), null, "Authorization",
                server.bearer("alice", Role.AGENT));
        TestServer.Reply otherAgent = server.send("GET", "/v1/reports/backlog" + range("&groupBy=channel"), null,
                "Authorization", server.bearer("bob", Role.AGENT));
        TestServer.Reply supervisor = server.send("GET", "/v1/reports/sla-events" + range(""), null, "Authorization",
                server.bearer("lead-1", Role.SUPERVISOR));
        TestServer.Reply grouped = admin("backlog", "&groupBy=channel&queue=billing");
        TestServer.Reply byPolicy = admin("sla-events", "&groupBy=policy");

        assertThat(backlog.status()).as(backlog.body()).isEqualTo(200);
        JsonObject day = backlog.json().getJsonArray("rows").getJsonObject(0);
        assertThat(day.getLong("created")).isEqualTo(3L);
        assertThat(day.getLong("resolved")).isEqualTo(3L);
        assertThat(day.getLong("closed")).isEqualTo(3L);
        assertThat(day.getLong("open_at_end")).isZero();
        assertThat(slaEvents.status()).as(slaEvents.body()).isEqualTo(200);
        assertThat(agent.json().getJsonArray("rows").getJsonObject(0).getLong("created")).isEqualTo(3L); // alice's own
        assertThat(otherAgent.json().getJsonArray("rows")).isEmpty(); // bob handled none
        assertThat(supervisor.status()).isEqualTo(200);
        assertThat(grouped.status()).as(grouped.body()).isEqualTo(200);
        List<JsonObject> rows = grouped.json().getJsonArray("rows").stream().map(JsonObject.class::cast).toList();
        assertThat(rows).extracting(r -> r.getString("channel")).containsExactly("chat", "email");
        assertThat(rows).extracting(r -> r.getLong("created")).containsExactly(2L, 1L);
        assertThat(byPolicy.status()).isEqualTo(422);
        assertThat(pointers(byPolicy)).containsExactly("/groupBy");
    }

    @Test
    void slaAdvice_groupsWithTheSupportedTarget_reachAndBadParameters() {
        TestServer.Reply advice = server.get("/v1/sla/advice" + range("&metric=firstResponse&percentile=80"
                + "&groupBy=channel"));
        TestServer.Reply otherAgent = server.send("GET", "/v1/sla/advice" + range("&metric=resolution"), null,
                "Authorization", server.bearer("bob", Role.AGENT));
        TestServer.Reply integration = server.send("GET", "/v1/sla/advice" + range("&metric=resolution"), null,
                "Authorization", server.bearer("chatbot", Role.INTEGRATION));
        TestServer.Reply bad = server.get("/v1/sla/advice?metric=speed&percentile=100&groupBy=colour&from=2026-11-03"
                + "&to=2026-11-02&colour=red");

        assertThat(advice.status()).as(advice.body()).isEqualTo(200);
        JsonObject body = advice.json();
        assertThat(body.getString("metric")).isEqualTo("firstResponse");
        assertThat(body.getDouble("percentile")).isEqualTo(80.0);
        List<JsonObject> groups = body.getJsonArray("groups").stream().map(JsonObject.class::cast).toList();
        assertThat(groups).extracting(g -> g.getString("channel")).containsExactly("chat", "email");
        assertThat(groups).extracting(g -> g.getLong("measured")).containsExactly(2L, 1L);
        assertThat(groups).extracting(g -> g.getLong("target_ms")).containsExactly(3_600_000L, 3_600_000L);
        assertThat(groups).extracting(g -> g.getLong("met")).containsExactly(2L, 1L);
        assertThat(groups.get(1).getDouble("supported_target_ms"))
                .isEqualTo(groups.get(1).getDouble("business_p50_ms")); // one ticket: every percentile is its time
        assertThat(otherAgent.json().getJsonArray("groups")).isEmpty();
        assertThat(integration.status()).isEqualTo(403);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(pointers(bad)).containsExactlyInAnyOrder("/metric", "/percentile", "/groupBy", "/to", "/colour");
    }

    @Test
    void slaAdvice_acceptCsv_headerAndOneLinePerGroup_noBucketColumn() {
        TestServer.Reply reply = server.send("GET", "/v1/sla/advice" + range("&metric=firstResponse&groupBy=channel"),
                null, "Accept", "text/csv");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/csv");
        List<String> lines = List.of(reply.body().split("\r\n"));
        assertThat(lines).hasSize(3);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).startsWith("channel", "measured").doesNotContain("bucket");
        List<String> chat = List.of(lines.get(1).split(",", -1));
        assertThat(chat.get(0)).isEqualTo("chat");
        assertThat(chat.get(header.indexOf("measured"))).isEqualTo("2");
        assertThat(chat.get(header.indexOf("target_ms"))).isEqualTo("3600000");
        assertThat(lines.get(2)).startsWith("email,1,");
    }

    @Test
    void slaAdvice_staffingCheck_adminGetsEveryHourOfTheRange_othersForbidden_halfAsked422() {
        TestServer.Reply staffed = server.get("/v1/sla/advice" + range("&metric=firstResponse&percentile=80"
                + "&handleTime=600&target=60"));
        TestServer.Reply agent = server.send("GET", "/v1/sla/advice" + range("&metric=firstResponse&handleTime=600"
                + "&target=60"), null, "Authorization", server.bearer("alice", Role.AGENT));
        TestServer.Reply half = server.get("/v1/sla/advice" + range("&metric=firstResponse&handleTime=600"));

        assertThat(staffed.status()).as(staffed.body()).isEqualTo(200);
        JsonObject staffing = staffed.json().getJsonObject("staffing");
        assertThat(staffing.getDouble("share")).isEqualTo(0.8);
        List<JsonObject> hours = staffing.getJsonArray("hours").stream().map(JsonObject.class::cast).toList();
        // the range is 48 h (plus the partial hours at its ends): at least 48 of the 168 slots
        assertThat(hours.size()).isBetween(48, 50);
        assertThat(hours.stream().mapToLong(h -> h.getLong("arrivals")).sum()).isEqualTo(3L);
        assertThat(hours.stream().mapToDouble(h -> h.getDouble("agents_available")).sum()).isPositive(); // alice
        assertThat(agent.status()).isEqualTo(403);
        assertThat(half.status()).isEqualTo(422);
        assertThat(pointers(half)).containsExactly("/target");
    }

    @Test
    void occupancy_perAgentWithinReach_groupByAndOtherFilters422() {
        TestServer.Reply admin = admin("occupancy", "");
        TestServer.Reply other = server.send("GET", "/v1/reports/occupancy" + range(""), null, "Authorization",
                server.bearer("bob", Role.AGENT));
        TestServer.Reply grouped = admin("occupancy", "&groupBy=team&channel=chat");

        assertThat(admin.status()).as(admin.body()).isEqualTo(200);
        List<JsonObject> rows = admin.json().getJsonArray("rows").stream().map(JsonObject.class::cast).toList();
        assertThat(rows).extracting(r -> r.getString("agent")).containsExactly("alice");
        assertThat(rows.get(0).getLong("available_ms")).isPositive();
        assertThat(other.json().getJsonArray("rows")).isEmpty();
        assertThat(pointers(grouped)).containsExactlyInAnyOrder("/groupBy", "/channel");
    }

    /** A dry-run body over the test's range: {@code sla} the proposed section. */
    private static JsonObject dryRun(JsonObject sla) {
        return new JsonObject().put("from", FROM).put("to", TO).put("groupBy", new io.vertx.core.json.JsonArray()
                .add("channel")).put("sla", sla);
    }

    private static JsonObject policies(JsonObject... policies) {
        io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
        for (JsonObject p : policies) {
            list.add(p);
        }
        return new JsonObject().put("policies", list);
    }

    @Test
    void slaDryRun_proposedTargetsReplayed_liveStateUntouched() {
        TestServer.Reply reportBefore = admin("response-times", "&groupBy=channel");
        // 1 ms to first response: every archived ticket would have missed it; resolution as today
        JsonObject proposal = policies(new JsonObject().put("name", "instant").put("match", new JsonObject())
                .put("targets", new JsonObject().put("firstResponse", "1ms").put("resolution", "1d")));

        TestServer.Reply reply = server.post("/v1/sla/dry-run", dryRun(proposal).put("filters", new JsonObject()
                .put("channel", new io.vertx.core.json.JsonArray().add("chat"))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonObject body = reply.json();
        assertThat(body.getString("zone")).isEqualTo("Z"); // as the reports: 24x7 is UTC
        List<JsonObject> groups = body.getJsonArray("groups").stream().map(JsonObject.class::cast).toList();
        assertThat(groups).extracting(g -> g.getString("channel")).containsExactly("chat");
        JsonObject chat = groups.get(0);
        assertThat(chat.getLong("tickets")).isEqualTo(2L);
        assertThat(chat.getLong("first_response_recorded_met")).isEqualTo(2L);
        assertThat(chat.getLong("first_response_proposed_missed")).isEqualTo(2L);
        assertThat(chat.getLong("first_response_newly_missed")).isEqualTo(2L);
        assertThat(chat.getDouble("first_response_proposed_attainment")).isZero();
        assertThat(chat.getLong("resolution_proposed_met")).isEqualTo(2L);
        assertThat(body.getJsonArray("columns").getList()).contains("first_response_proposed_margin_p50_ms");
        // nothing live changed: the reports answer as before, advice still sees today's 1 h target
        assertThat(admin("response-times", "&groupBy=channel").body()).isEqualTo(reportBefore.body());
        TestServer.Reply advice = server.get("/v1/sla/advice" + range("&metric=firstResponse"));
        JsonObject all = advice.json().getJsonArray("groups").getJsonObject(0);
        assertThat(all.getLong("target_ms")).isEqualTo(3_600_000L);
        assertThat(all.getLong("configured_target_ms")).as("read from the running configuration").isEqualTo(3_600_000L);
        assertThat(all.getString("configured_policy")).isEqualTo("standard");
    }

    @Test
    void slaDryRun_badProposal_422NamingTheField_notAdmin403() {
        JsonObject badTarget = policies(new JsonObject().put("name", "p").put("match", new JsonObject())
                .put("targets", new JsonObject().put("firstResponse", "soon")));
        JsonObject unknownCalendar = policies(new JsonObject().put("name", "p").put("match", new JsonObject())
                .put("targets", new JsonObject().put("firstResponse", 60)).put("calendar", "moon"));
        JsonObject unknownTeam = new JsonObject().put("handoffLimits", new JsonObject().put("nobody", "2h"));

        TestServer.Reply target = server.post("/v1/sla/dry-run", dryRun(badTarget));
        TestServer.Reply calendar = server.post("/v1/sla/dry-run", dryRun(unknownCalendar));
        TestServer.Reply team = server.post("/v1/sla/dry-run", dryRun(unknownTeam));
        TestServer.Reply missing = server.post("/v1/sla/dry-run", new JsonObject().put("from", "yesterday")
                .put("groupBy", new io.vertx.core.json.JsonArray().add("colour")).put("speed", 1));
        TestServer.Reply supervisor = server.post("/v1/sla/dry-run", dryRun(policies()), "Authorization",
                server.bearer("lead-1", Role.SUPERVISOR));

        assertThat(target.status()).isEqualTo(422);
        assertThat(pointers(target)).containsExactly("/sla/policies/0/targets/firstResponse");
        assertThat(pointers(calendar)).containsExactly("/sla/policies/0/calendar");
        assertThat(pointers(team)).containsExactly("/sla/handoffLimits/nobody");
        assertThat(pointers(missing)).containsExactlyInAnyOrder("/sla", "/from", "/to", "/groupBy/0", "/speed");
        assertThat(supervisor.status()).isEqualTo(403);
    }

    /** The page's form: the proposal as the YAML an administrator edits, the same answer as the JSON members. */
    @Test
    void slaDryRun_proposalAsYaml_answersAsTheJsonForm_badYamlOrFieldNamed422() {
        JsonObject json = dryRun(policies(new JsonObject().put("name", "instant").put("match", new JsonObject())
                .put("targets", new JsonObject().put("firstResponse", "1ms").put("resolution", "1d"))));
        JsonObject yaml = dryRun(null);
        yaml.remove("sla");
        yaml.put("proposal", String.join("\n", "sla:", "  policies:", "    - name: instant", "      match: {}",
                "      targets:", "        firstResponse: 1ms", "        resolution: 1d", ""));

        TestServer.Reply fromJson = server.post("/v1/sla/dry-run", json);
        TestServer.Reply fromYaml = server.post("/v1/sla/dry-run", yaml);
        TestServer.Reply badField = server.post("/v1/sla/dry-run", yaml.copy().put("proposal",
                "sla:\n  policies:\n    - name: p\n      match: {}\n      targets: {firstResponse: soon}\n"));
        TestServer.Reply badYaml = server.post("/v1/sla/dry-run", yaml.copy().put("proposal", "sla: [unclosed\n"));
        TestServer.Reply both = server.post("/v1/sla/dry-run", yaml.copy().put("sla", new JsonObject()));
        TestServer.Reply extra = server.post("/v1/sla/dry-run", yaml.copy().put("proposal", "sla: {policies: []}\n"
                + "queues: []\n"));

        assertThat(fromYaml.status()).as(fromYaml.body()).isEqualTo(200);
        assertThat(fromYaml.json()).isEqualTo(fromJson.json());
        assertThat(fromYaml.json().getJsonArray("groups")).isNotEmpty();
        assertThat(badField.status()).isEqualTo(422);
        assertThat(pointers(badField)).containsExactly("/sla/policies/0/targets/firstResponse");
        assertThat(badYaml.status()).isEqualTo(422);
        assertThat(pointers(badYaml)).containsExactly("/proposal");
        assertThat(pointers(both)).containsExactly("/proposal");
        assertThat(pointers(extra)).containsExactly("/proposal");
        assertThat(server.get("/v1/reports/backlog" + range("")).status()).isEqualTo(200); // still serving
    }

    private static List<String> pointers(TestServer.Reply reply) {
        return reply.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
                .map(e -> e.getString("pointer")).collect(Collectors.toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
