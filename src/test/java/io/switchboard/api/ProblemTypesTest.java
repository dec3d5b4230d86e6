package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every problem type the code can emit is explained in docs/problems.md and resolves on a running
 * server at /problems/{slug}; the catalogue lists nothing the code cannot emit. The slugs are found
 * in the source: {@code Problem.of(status, "slug" ...)} (ternaries included), {@code new Problem(...)},
 * and the engine's conflict and gone rejection codes, which the HTTP layer turns into slugs.
 */
@ExtendWith(VertxExtension.class)
class ProblemTypesTest {
    private static final Pattern PROBLEM_OF = Pattern.compile("(?:Problem\\.|return )of\\(\\s*[^,]+,\\s*([^,]*),");
    private static final Pattern NEW_PROBLEM = Pattern.compile("new Problem\\(\\s*[^,]+,\\s*\"([a-z-]+)\"");
    private static final Pattern REJECTION = Pattern.compile(
            "(?:Rejection\\.conflict\\(|Rejection\\.Kind\\.(?:CONFLICT|GONE),\\s*)\"([a-z_]+)\"");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z-]*)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^## (\\S+)$");

    @Test
    void catalogue_documentsExactlyTheSlugsTheCodeEmits() throws IOException {
        Set<String> emitted = emittedSlugs();
        assertThat(emitted).contains("validation", "not-found", "unauthenticated", "invalid-credentials",
                "illegal-transition", "idempotency-key-reused", "method-not-allowed", "offer-expired");
        assertThat(catalogue()).isEqualTo(emitted);
    }

    @Test
    void openApi_problemSchema_namesEverySlug() throws IOException {
        String openApi = Files.readString(Path.of("docs/openapi.yaml"));
        assertThat(emittedSlugs()).allSatisfy(slug -> assertThat(openApi).contains("`" + slug + "`"));
    }

    @Test
    void everySlug_resolvesOnTheServerWithoutCredentials(Vertx vertx) throws IOException {
        TestServer server = TestServer.start(vertx);
        for (String slug : emittedSlugs()) {
            TestServer.Reply page = server.send("GET", "/problems/" + slug, null, TestServer.NO_AUTH, "x");
            assertThat(page.status()).as(slug).isEqualTo(200);
            assertThat(page.contentType()).as(slug).startsWith("text/markdown");
            assertThat(page.body()).as(slug).startsWith("# https://switchboard.dev/problems/" + slug + "\n")
                    .containsPattern("\\*\\*[45]\\d\\d ");
        }
        TestServer.Reply unknown = server.send("GET", "/problems/no-such-type", null, TestServer.NO_AUTH, "x");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void problemAnswer_linksToItsPage(Vertx vertx) {
        TestServer server = TestServer.start(vertx);
        TestServer.Reply missing = server.get("/v1/tickets/tkt_404");
        assertThat(missing.json().getString("type")).isEqualTo("https://switchboard.dev/problems/not-found");
        assertThat(missing.header("Link")).isEqualTo("</problems/not-found>; rel=\"help\"");
        TestServer.Reply page = server.get("/problems/not-found");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("404 Not found");
    }

    static Set<String> emittedSlugs() throws IOException {
        Set<String> slugs = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher of = PROBLEM_OF.matcher(text);
            while (of.find()) {
                Matcher literal = LITERAL.matcher(of.group(1));
                while (literal.find()) {
                    slugs.add(literal.group(1));
                }
            }
            Matcher created = NEW_PROBLEM.matcher(text);
            while (created.find()) {
                slugs.add(created.group(1));
            }
            Matcher rejection = REJECTION.matcher(text);
            while (rejection.find()) {
                slugs.add(rejection.group(1).replace('_', '-'));
            }
        }
        return slugs;
    }

    private static Set<String> catalogue() throws IOException {
        Set<String> slugs = new TreeSet<>();
        Matcher heading = HEADING.matcher(Files.readString(Path.of("docs/problems.md")));
        while (heading.find()) {
            slugs.add(heading.group(1));
        }
        return slugs;
    }
}
