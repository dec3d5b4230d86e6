package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Role;
import io.switchboard.app.DurabilitySettings;
import io.switchboard.history.ReportFixture;
import io.switchboard.store.FileJournal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports page ({@code /reports/}) in Debian's headless chromium, against a real server that
 * replays the reports' hand-computed fixture (24 archived tickets on 2026-11-02, {@link ReportFixture})
 * from its file journal into its history store: the tables and the chart's bars carry the API's
 * figures (and the fixture's hand-computed ones), a filter change asks again, the CSV download is
 * the API's CSV byte for byte, an agent and a supervisor see only the tickets in their scope (in
 * every report, backlog and SLA events included), and a bad filter's 422 is shown in each report's place;
 * backlog, SLA events and handoffs take the page's group-by and filters, and an admin's SLA dry-run
 * of a proposal pasted as YAML shows the API's replay (or its 422's field). Skipped like
 * {@link DeskBrowserTest} when chromium or chromedriver is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsBrowserTest {
    private static final String RANGE = "from=2026-11-02&to=2026-11-03";
    private static final List<String> SECTIONS = List.of("response-times", "resolution", "satisfaction", "backlog",
            "sla-events", "handoffs", "occupancy", "advice");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;
    private Vertx vertx;
    private TestServer server;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(new File(DeskBrowserTest.CHROMIUM).canExecute()
                && new File(DeskBrowserTest.DRIVER).canExecute(), "browser tests skipped: install Debian's chromium and"
                + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does)");
        vertx = Vertx.vertx();
        List<io.switchboard.core.event.DomainEvent> events = ReportFixture.build().journal;
        FileJournal journal = new FileJournal(vertx, dataDir.resolve("journal"), FileJournal.Fsync.ALWAYS, 1000);
        TestServer.await(journal.open());
        for (int from = 0; from < events.size(); from += 100) {
            TestServer.await(journal.append(new ArrayList<>(events.subList(from, Math.min(events.size(), from + 100)))));
        }
        TestServer.await(journal.close());
        server = TestServer.start(vertx, ReportFixture.CONFIG, DurabilitySettings.file(dataDir));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (apiJson("response-times", RANGE, null).getJsonArray("rows").stream()
                .mapToLong(r -> ((JsonObject) r).getLong("tickets")).sum() < ReportFixture.TICKETS) {
            assertThat(System.nanoTime()).as("the fixture projected into the history store").isLessThan(deadline);
            Thread.sleep(50);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(DeskBrowserTest.CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DeskBrowserTest.DRIVER)).usingAnyFreePort().build(), options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                downloads.toString()));
        Files.createDirectories(Path.of("target/screenshots"));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (vertx != null) {
            TestServer.await(vertx.close());
        }
    }

    @Test
    @Order(1)
    void admin_everyReportChartAndTable_carryTheApisFigures() {
        driver.get(url("/reports/"));
        wait(By.id("token")).sendKeys(server.token("ops-admin", Role.ADMIN));
        driver.findElement(By.id("signin-submit")).click();
        show("2026-11-02", "2026-11-03", "", List.of("channel"), "");

        // the fixture's hand-computed figures (ReportsContract): chat first replies 10..120 s, e-mail 30..690 s
        WebElement chat = driver.findElement(By.cssSelector("#response-times-table tbody tr[data-row='0']"));
        assertThat(cell(chat, "channel").getText()).isEqualTo("chat");
        assertThat(cell(chat, "tickets").getText()).isEqualTo("12");
        assertThat(Double.parseDouble(cell(chat, "first_response_wall_p50_ms").getAttribute("data-value"))).isEqualTo(65_000);
        assertThat(cell(chat, "first_response_wall_p50_ms").getText()).isEqualTo("1 m 05 s");
        assertThat(cell(chat, "first_response_attainment").getText()).isEqualTo("83.3 %");
        assertThat(bar("response-times", "first_response_wall_p50_ms", 1)).isEqualTo(360_000.0);
        assertThat(bar("response-times", "first_response_wall_p90_ms", 0)).isEqualTo(109_000.0);
        // and every figure on the page is the API's, for every report the admin may read
        for (String report : SECTIONS) {
            assertTableIsTheApis(report, null);
        }
        assertThat(driver.findElements(By.cssSelector("#backlog-chart rect[data-series='created']"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#sla-events-chart rect[data-series='breaches_first_response']")))
                .isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#occupancy-chart rect[data-series='available_ms']"))).isNotEmpty();
        // backlog and SLA events grouped as asked; handoffs: bob's team took the two transferred tickets
        assertThat(driver.findElement(By.cssSelector("#backlog-table thead")).getText()).contains("channel");
        assertThat(driver.findElement(By.cssSelector("#sla-events-table thead")).getText()).contains("channel");
        WebElement technical = driver.findElement(By.cssSelector("#handoffs-table tbody tr[data-row='0']"));
        assertThat(cell(technical, "team").getText()).isEqualTo("technical");
        assertThat(cell(technical, "handoffs").getText()).isEqualTo("2");
        assertThat(driver.findElements(By.cssSelector("#handoffs-chart rect[data-series='handoffs']"))).isNotEmpty();
        assertThat(accessibilityProblems()).isEmpty();
        ((JavascriptExecutor) driver).executeScript("document.getElementById('reports').scrollIntoView()");
        screenshot("reports-admin");
    }

    @Test
    @Order(2)
    void filterChange_asksAgain_tablesFollow() {
        show("2026-11-02", "2026-11-03", "hour", List.of(), "email");

        // one row per hour with an e-mail ticket (the odd hours), none from chat
        List<WebElement> rows = driver.findElements(By.cssSelector("#response-times-table tbody tr"));
        assertThat(rows).hasSize(12);
        assertThat(driver.findElement(By.cssSelector("#response-times-table thead")).getText()).doesNotContain("channel");
        assertThat(cell(rows.get(0), "bucket").getText()).isEqualTo("2026-11-02 01:00");
        assertThat(Double.parseDouble(cell(rows.get(0), "first_response_wall_mean_ms").getAttribute("data-value")))
                .isEqualTo(30_000);
        // backlog ungrouped: every hour of the day, now of the e-mail tickets only (as the API's channel=email)
        assertThat(driver.findElements(By.cssSelector("#backlog-table tbody tr"))).hasSize(24);
        assertTableIsTheApis("response-times", null);
        assertTableIsTheApis("backlog", null);
        assertTableIsTheApis("sla-events", null);
        assertTableIsTheApis("handoffs", null);
        long created = driver.findElements(By.cssSelector("#backlog-table td[data-col='created']")).stream()
                .mapToLong(c -> Long.parseLong(c.getAttribute("data-value"))).sum();
        assertThat(created).isEqualTo(ReportFixture.TICKETS / 2);
        assertThat(driver.getCurrentUrl()).contains("channel=email").contains("bucket=hour");
    }

    @Test
    @Order(3)
    void advice_staffingCheck_anHourOfTheWeekPerRow_asTheApi() {
        show("2026-11-02", "2026-11-03", "", List.of("tier"), "");
        type("f-handleTime", "600");
        type("f-target", "60");
        apply();

        JsonObject api = apiJson("advice", RANGE + "&metric=firstResponse&percentile=80&groupBy=tier&handleTime=600"
                + "&target=60", null).getJsonObject("staffing");
        List<WebElement> hours = driver.findElements(By.cssSelector("#staffing-table tbody tr"));
        assertThat(hours).hasSize(api.getJsonArray("hours").size()).hasSize(24);
        long arrivals = 0;
        for (int i = 0; i < hours.size(); i++) {
            JsonObject hour = api.getJsonArray("hours").getJsonObject(i);
            for (String column : List.of("hour_of_week", "arrivals", "agents_available", "agents_needed")) {
                assertThat(Double.parseDouble(cell(hours.get(i), column).getAttribute("data-value"))).as(column)
                        .isEqualTo(hour.getNumber(column).doubleValue());
            }
            arrivals += hour.getLong("arrivals");
        }
        assertThat(arrivals).isEqualTo(ReportFixture.TICKETS); // one ticket created per hour of the day
        assertThat(cell(hours.get(0), "hour_of_week").getText()).isEqualTo("Mon 00:00"); // 2026-11-02 is a Monday
        assertTableIsTheApis("advice", null);
        type("f-handleTime", "");
        type("f-target", "");
    }

    @Test
    @Order(4)
    void csvDownload_isTheApisCsv() throws Exception {
        show("2026-11-02", "2026-11-03", "", List.of("channel"), "");
        for (String report : List.of("satisfaction", "advice")) {
            driver.findElement(By.id(report + "-csv")).click();
            Path file = awaitDownload(report + "_2026-11-02_2026-11-03.csv");
            String expected = server.send("GET", apiPath(report), null, "Accept", "text/csv").body();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(expected).contains("channel");
        }
    }

    @Test
    @Order(5)
    void badFilter_problemShownInEverySection() {
        show("yesterday", "2026-11-03", "", List.of(), "");
        for (String report : SECTIONS) {
            WebElement problem = wait(By.cssSelector("#" + report + " .problem"));
            assertThat(problem.getAttribute("data-status")).isEqualTo("422");
            assertThat(problem.getText()).contains("/from");
        }
    }

    @Test
    @Order(6)
    void agent_ownFiguresOnly_everyReportScopedToHer() {
        driver.findElement(By.id("signout")).click();
        // a one-time link, as mint-token --link prints it
        driver.get(url("/reports/#code=" + server.signInCode("alice", Role.AGENT)));
        wait(By.id("apply"));
        assertThat(driver.getCurrentUrl()).doesNotContain("code=");
        show("2026-11-02", "2026-11-03", "", List.of("channel"), "");

        // alice handled 22 of the 24 (bob finished the transferred i = 9, an e-mail, and i = 20, a chat)
        List<WebElement> rows = driver.findElements(By.cssSelector("#response-times-table tbody tr"));
        assertThat(rows).extracting(r -> cell(r, "tickets").getText()).containsExactly("11", "11");
        assertTableIsTheApis("response-times", Role.AGENT);
        assertTableIsTheApis("occupancy", Role.AGENT);
        // backlog and sla-events are scoped like the others since history schema 3: her own figures
        assertTableIsTheApis("backlog", Role.AGENT);
        assertTableIsTheApis("sla-events", Role.AGENT);
        assertTableIsTheApis("handoffs", Role.AGENT);
        assertThat(driver.findElements(By.id("dry-run"))).as("the dry-run is for admins").isEmpty();
        screenshot("reports-agent");
    }

    @Test
    @Order(7)
    void supervisor_theirScope_queueTheySuperviseCounted() {
        driver.findElement(By.id("signout")).click();
        // sup-1 supervises the fixture's only queue, general: every ticket is in their scope
        wait(By.id("token")).sendKeys(server.token("sup-1", Role.SUPERVISOR));
        driver.findElement(By.id("signin-submit")).click();
        show("2026-11-02", "2026-11-03", "", List.of("team"), "");

        List<WebElement> rows = driver.findElements(By.cssSelector("#resolution-table tbody tr"));
        assertThat(rows).extracting(r -> cell(r, "team").getText()).containsExactly("support", "technical");
        assertThat(rows).extracting(r -> cell(r, "tickets").getText()).containsExactly("22", "2");
        assertTableIsTheApis("sla-events", Role.SUPERVISOR);
        // someone who supervises nothing sees no tickets, said so, not an error
        driver.findElement(By.id("signout")).click();
        wait(By.id("token")).sendKeys(server.token("sup-nobody", Role.SUPERVISOR));
        driver.findElement(By.id("signin-submit")).click();
        show("2026-11-02", "2026-11-03", "", List.of(), "");
        assertThat(wait(By.cssSelector("#response-times .empty")).getText()).isEqualTo("No tickets in this range.");
        assertThat(driver.findElement(By.id("response-times")).getAttribute("data-state")).isEqualTo("ok");
    }

    @Test
    @Order(8)
    void admin_dryRunOfAPastedProposal_theApisReplay_thenABadFieldNamed() {
        driver.findElement(By.id("signout")).click();
        wait(By.id("token")).sendKeys(server.token("ops-admin", Role.ADMIN));
        driver.findElement(By.id("signin-submit")).click();
        show("2026-11-02", "2026-11-03", "", List.of("channel"), "");
        // 1 ms to first response: every ticket that had one would have missed it
        String proposal = String.join("\n", "sla:", "  policies:", "    - name: instant", "      match: {}",
                "      targets: {firstResponse: 1ms, resolution: 1d}", "");

        JsonObject shown = dryRun(proposal);

        JsonObject body = new JsonObject().put("from", "2026-11-02").put("to", "2026-11-03")
                .put("groupBy", new JsonArray().add("channel")).put("proposal", proposal);
        TestServer.Reply reply = server.post("/v1/sla/dry-run", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonArray groups = reply.json().getJsonArray("groups");
        assertThat(groups).hasSize(2);
        List<WebElement> rows = driver.findElements(By.cssSelector("#dry-run-table tbody tr"));
        assertThat(rows).hasSize(groups.size());
        long newlyMissed = 0;
        for (int i = 0; i < groups.size(); i++) {
            JsonObject group = groups.getJsonObject(i);
            for (String column : group.fieldNames()) {
                Object value = group.getValue(column);
                String cellValue = cell(rows.get(i), column).getAttribute("data-value");
                if (value instanceof Number n) {
                    assertThat(Double.parseDouble(cellValue)).as(column).isEqualTo(n.doubleValue());
                } else {
                    assertThat(cellValue).as(column).isEqualTo(value == null ? "null" : String.valueOf(value));
                }
            }
            newlyMissed += group.getLong("first_response_newly_missed");
        }
        assertThat(shown.getString("summary")).contains(newlyMissed + " newly missed");
        assertThat(newlyMissed).isPositive();
        assertThat(driver.findElements(By.cssSelector("#dry-run-chart rect[data-series='first_response_proposed_attainment']")))
                .hasSize(2);

        // a target that is not a duration: the 422's field, as the API names it
        dryRun(proposal.replace("1ms", "soon"));
        assertThat(driver.findElement(By.cssSelector("#dry-run .problem")).getAttribute("data-status")).isEqualTo("422");
        assertThat(driver.findElements(By.cssSelector("#dry-run-fields li")))
                .extracting(li -> li.getAttribute("data-pointer")).containsExactly("/sla/policies/0/targets/firstResponse");

        // in Chinese
        new Select(driver.findElement(By.id("lang"))).selectByValue("zh");
        assertThat(wait(By.id("dry-run-title")).getText()).isEqualTo("SLA 试运行");
        assertThat(driver.findElement(By.id("handoffs-title")).getText()).isEqualTo("跨部门流转");
        assertThat(driver.findElement(By.id("dry-run-proposal")).getAttribute("value")).contains("soon"); // kept
        new Select(driver.findElement(By.id("lang"))).selectByValue("en");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('dry-run').scrollIntoView()");
        screenshot("reports-dry-run");
    }

    /** Pastes {@code proposal} into the dry-run's editor, replays it, and returns once the answer shows. */
    private JsonObject dryRun(String proposal) {
        WebElement editor = driver.findElement(By.id("dry-run-proposal"));
        editor.clear();
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input'));", editor, proposal);
        driver.findElement(By.id("dry-run-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            String state = d.findElement(By.id("dry-run")).getAttribute("data-state");
            return state != null && !state.equals("loading");
        });
        List<WebElement> summary = driver.findElements(By.id("dry-run-summary"));
        return new JsonObject().put("summary", summary.isEmpty() ? "" : summary.get(0).getText());
    }

    // ---- helpers ----

    /** Fills the filters and presses Show; returns once every section has its answer. */
    private void show(String from, String to, String bucket, List<String> groupBy, String channel) {
        wait(By.id("apply"));
        type("f-from", from);
        type("f-to", to);
        new Select(driver.findElement(By.id("f-bucket"))).selectByValue(bucket);
        for (String d : List.of("team", "agent", "queue", "tier", "channel", "type", "priority", "policy")) {
            WebElement box = driver.findElement(By.id("group-" + d));
            if (box.isSelected() != groupBy.contains(d)) {
                box.click();
            }
        }
        type("f-channel", channel);
        apply();
    }

    private void apply() {
        driver.findElement(By.id("apply")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> SECTIONS.stream().noneMatch(s ->
                "loading".equals(d.findElement(By.id(s)).getAttribute("data-state"))));
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** The query the page sends for {@code report} with the filters it holds in the address bar. */
    private String apiPath(String report) {
        String query = (String) ((JavascriptExecutor) driver).executeScript(
                "return new URLSearchParams(location.search).toString()");
        JsonObject onScreen = new JsonObject();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                onScreen.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        StringBuilder q = new StringBuilder("from=" + onScreen.getString("from") + "&to=" + onScreen.getString("to"));
        boolean tickets = List.of("response-times", "resolution", "satisfaction").contains(report);
        boolean timeline = List.of("backlog", "sla-events").contains(report);
        String bucket = onScreen.getString("bucket", "day"); // the page's default
        if (report.equals("advice")) {
            q.append("&metric=firstResponse&percentile=80");
        } else if (!bucket.isEmpty()) {
            q.append("&bucket=").append(bucket);
        }
        if ((tickets || timeline || report.equals("advice")) && !onScreen.getString("groupBy", "").isEmpty()) {
            q.append("&groupBy=").append(onScreen.getString("groupBy")); // the tests never group by policy
        }
        if ((tickets || timeline || report.equals("handoffs")) && !onScreen.getString("channel", "").isEmpty()) {
            q.append("&channel=").append(onScreen.getString("channel"));
        }
        return (report.equals("advice") ? "/v1/sla/advice?" : "/v1/reports/" + report + "?") + q;
    }

    private JsonObject apiJson(String report, String query, Role role) {
        String path = (report.equals("advice") ? "/v1/sla/advice?" : "/v1/reports/" + report + "?") + query;
        TestServer.Reply reply = role == null ? server.get(path)
                : server.send("GET", path, null, "Authorization",
                        // the people the tests sign in as: alice the agent, sup-1 who supervises queue general
                        server.bearer(role == Role.SUPERVISOR ? "sup-1" : "alice", role));
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Every cell of the report's table holds the API's value for the same query and caller. */
    private void assertTableIsTheApis(String report, Role role) {
        String path = apiPath(report);
        JsonObject api = apiJson(report, path.substring(path.indexOf('?') + 1), role);
        JsonArray rows = api.getJsonArray(report.equals("advice") ? "groups" : "rows");
        List<WebElement> shown = driver.findElements(By.cssSelector("#" + report + "-table tbody tr"));
        assertThat(shown).as(report + " rows").hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            for (String column : row.fieldNames()) {
                if (column.equals("bucket") && api.getString("bucket") == null) {
                    continue; // one bucket: the page leaves the column out
                }
                Object value = row.getValue(column);
                String cellValue = cell(shown.get(i), column).getAttribute("data-value");
                if (value instanceof Number n && cellValue != null && !cellValue.equals("null")) {
                    assertThat(Double.parseDouble(cellValue)).as(report + " " + column).isEqualTo(n.doubleValue());
                } else {
                    assertThat(cellValue).as(report + " " + column).isEqualTo(value == null ? "null" : String.valueOf(value));
                }
            }
        }
        if (!rows.isEmpty()) {
            assertThat(driver.findElements(By.cssSelector("#" + report + "-chart rect"))).as(report + " bars").isNotEmpty();
        }
    }

    private static WebElement cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col='" + column + "']"));
    }

    private double bar(String report, String series, int row) {
        return Double.parseDouble(driver.findElement(By.cssSelector("#" + report + "-chart rect[data-series='" + series
                + "'][data-row='" + row + "']")).getAttribute("data-value"));
    }

    private Path awaitDownload(String name) throws IOException, InterruptedException {
        Path file = downloads.resolve(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file) || hasPartial()) {
            assertThat(System.nanoTime()).as("download of " + name).isLessThan(deadline);
            Thread.sleep(50);
        }
        return file;
    }

    private boolean hasPartial() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> accessibilityProblems() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(String.join("\n",
                "const problems = [];",
                "const named = el => (el.getAttribute('aria-label') || '').trim() || (el.id && document.querySelector(`label[for='${el.id}']`))",
                "  || el.closest('label') || (el.getAttribute('aria-labelledby') || '').trim();",
                "document.querySelectorAll('input, select, textarea').forEach(el => { if (!named(el)) problems.push('unlabelled ' + el.outerHTML.slice(0, 80)); });",
                "document.querySelectorAll('button').forEach(el => { if (!el.textContent.trim() && !named(el)) problems.push('nameless ' + el.outerHTML.slice(0, 80)); });",
                "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);",
                "ids.filter((id, i) => ids.indexOf(id) !== i).forEach(id => problems.push('duplicate id ' + id));",
                "if (!document.documentElement.lang) problems.push('no lang');",
                "if (!document.querySelector('h1')) problems.push('no h1');",
                "return problems;"));
    }

    private String url(String path) {
        return "http://localhost:" + server.port() + path;
    }

    private WebElement wait(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target/screenshots/" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
