package io.switchboard.api.web;

import io.switchboard.api.http.Problem;
import io.switchboard.api.ws.SocketRoutes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The browser clients, public like the contracts (they hold no data; everything they show comes
 * from the API with the user's own credential): the agent desk at {@code /desk/}, the supervisor
 * board at {@code /board/}, the reports at {@code /reports/} (admins, supervisors and agents),
 * their assets at {@code /ui/<version>/<file>}; and CORS on {@code /v1/}
 * for desks hosted on the origins of {@code security.allowedOrigins}.
 *
 * <p>Pages are {@code no-cache} with a strict Content-Security-Policy (only this origin's scripts,
 * styles and connections; no inline code, no frames); assets are immutable for a year, gzipped
 * when the client accepts it. An asset asked for under another build's version is a 404.
 */
public final class WebUi {
    /** Sent with every page: nothing inline, nothing from elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String ASSETS = "/ui/";
    private static final Set<String> PAGES = Set.of("desk", "board", "reports");

    private WebUi() {
    }

    /**
     * Mounts the pages (before authentication) and, with {@code corsOrigins}, CORS on {@code /v1/}.
     * The assets are mounted apart, last ({@link #mountAssets}).
     */
    public static void mount(Router router, WebAssets assets, List<String> corsOrigins) {
        if (!corsOrigins.isEmpty()) {
            CorsHandler cors = CorsHandler.create().addOrigins(corsOrigins)
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT))
                    .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Api-Key"))
                    .exposedHeaders(Set.of("Location", "Retry-After", "Link"))
                    .maxAgeSeconds(600);
            // The WebSocket upgrades (mounted after this) check their Origin themselves, as when they came first.
            router.route("/v1/*").handler(rc -> {
                if (SocketRoutes.isUpgradePath(rc.request().method(), rc.normalizedPath())) {
                    rc.next();
                } else {
                    cors.handle(rc);
                }
            });
        }
        for (String page : PAGES) {
            // Vert.x routes "/desk" for "/desk/" too: the page's relative world starts at the slash
            router.get("/" + page).handler(rc -> {
                if (rc.request().path().endsWith("/")) {
                    page(rc, assets, page);
                } else {
                    rc.redirect("/" + page + "/");
                }
            });
        }
    }

    /**
     * Mounts {@code GET /ui/<version>/<file>} after every API route: a route with path parameters
     * costs each request that reaches it a regex match (a {@code Matcher}, ~270 B), so the API's
     * requests, answered before they get there, never pay for it. Still public: authentication lets
     * exactly the requests this route takes through ({@link #isAsset}).
     */
    public static void mountAssets(Router router, WebAssets assets) {
        router.get(ASSETS + ":version/:file").handler(rc -> asset(rc, assets));
    }

    /**
     * True for the requests the assets route takes: a GET whose normalised path is
     * {@code /ui/<version>/<file>} (Vert.x's pattern for it, trailing slash allowed). Only paths
     * under {@code /ui/} pay for the match.
     */
    public static boolean isAsset(HttpMethod method, String normalizedPath) {
        return method == HttpMethod.GET && normalizedPath.startsWith(ASSETS)
                && ASSET_PATH.matcher(normalizedPath).matches();
    }

    /** The pattern Vert.x makes of {@code /ui/:version/:file}. */
    private static final java.util.regex.Pattern ASSET_PATH = java.util.regex.Pattern.compile("/ui/[^/]+/[^/]+/?");

    private static void page(RoutingContext rc, WebAssets assets, String page) {
        String html = new String(assets.get(page + ".html").raw(), StandardCharsets.UTF_8)
                .replace("{{assets}}", ASSETS + assets.version());
        rc.response().putHeader("Content-Type", WebAssets.contentType(".html"))
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(html);
    }

    private static void asset(RoutingContext rc, WebAssets assets) {
        String file = rc.pathParam("file");
        WebAssets.Asset asset = file.endsWith(".html") ? null : assets.get(file);
        if (asset == null || !assets.version().equals(rc.pathParam("version"))) {
            Problem.of(404, "not-found", "Not found", "no asset " + file + " in this build (version "
                    + assets.version() + "); reload the page").send(rc.response());
            return;
        }
        String accept = rc.request().getHeader("Accept-Encoding");
        boolean gzip = accept != null && accept.contains("gzip");
        rc.response().putHeader("Content-Type", asset.contentType())
                .putHeader("Cache-Control", "public, max-age=31536000, immutable")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Vary", "Accept-Encoding");
        if (gzip) {
            rc.response().putHeader("Content-Encoding", "gzip");
        }
        rc.response().end(Buffer.buffer(gzip ? asset.gzip() : asset.raw()));
    }
}
