package io.switchboard.api.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves {@code GET /problems/{slug}}: the page that explains a problem type, cut from the catalogue
 * docs/problems.md (packaged as {@code /public/problems.md}), one {@code ## slug} section per type.
 * The problem's {@code type} stays {@code https://switchboard.dev/problems/<slug>}, a stable name;
 * this page is where a running server resolves it ({@link Problem} links here with {@code rel="help"}).
 *
 * <p>Threading: immutable after construction; shared by every HTTP verticle.
 */
final class ProblemPages {
    static final String PATH = "/problems/";
    static final String RESOURCE = "/public/problems.md";
    private static final String MARKDOWN = "text/markdown; charset=utf-8";
    private static final ProblemPages PACKAGED = load();

    private final Map<String, String> pages;

    ProblemPages(String catalogue) {
        this.pages = sections(catalogue);
    }

    static ProblemPages packaged() {
        return PACKAGED;
    }

    /** Slugs with a page, in catalogue order. */
    java.util.Set<String> slugs() {
        return pages.keySet();
    }

    void serve(RoutingContext rc) {
        String page = pages.get(rc.pathParam("slug"));
        if (page == null) {
            Problem.of(404, "not-found", "Not found", "no problem type " + rc.pathParam("slug")
                    + "; the list is at /problems/ in the server's docs (docs/problems.md)").send(rc.response());
            return;
        }
        rc.response().putHeader("Content-Type", MARKDOWN).putHeader("Cache-Control", "public, max-age=3600")
                .end(page);
    }

    private static Map<String, String> sections(String catalogue) {
        Map<String, String> out = new LinkedHashMap<>();
        String slug = null;
        StringBuilder body = new StringBuilder();
        for (String line : (catalogue + "\n## \n").split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (slug != null) {
                    out.put(slug, "# " + Problem.TYPE_BASE + slug + "\n\n" + body.toString().strip() + "\n");
                }
                slug = line.substring(3).strip();
                body.setLength(0);
            } else if (slug != null) {
                body.append(line).append('\n');
            }
        }
        return out;
    }

    private static ProblemPages load() {
        try (InputStream in = ProblemPages.class.getResourceAsStream(RESOURCE)) {
            return new ProblemPages(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
