package io.switchboard.api.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code Allow} header of a 405 (RFC 9110 §15.5.6): the methods of every route whose path
 * matches the request path, read from the router itself so it never drifts from the routes.
 * Routes without a method (the per-request handlers: timing, body, auth) are left out.
 *
 * <p>Threading: built once on the first 405 (the routes are complete by then) and read-only after;
 * a race builds the same list twice, which is harmless.
 */
final class AllowedMethods {
    private record PathMethods(Pattern path, Set<HttpMethod> methods) {}

    private final Router router;
    private volatile List<PathMethods> table;

    AllowedMethods(Router router) {
        this.router = router;
    }

    /** The methods {@code path} supports, comma-separated in a stable order; empty if none. */
    String allow(String path) {
        Set<String> names = new TreeSet<>();
        for (PathMethods entry : table()) {
            if (entry.path().matcher(path).matches()) {
                entry.methods().forEach(m -> names.add(m.name()));
            }
        }
        return String.join(", ", names);
    }

    private List<PathMethods> table() {
        List<PathMethods> built = table;
        if (built == null) {
            built = new ArrayList<>();
            for (Route route : router.getRoutes()) {
                if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
                    built.add(new PathMethods(pattern(route.getPath()), Set.copyOf(route.methods())));
                }
            }
            table = built;
        }
        return built;
    }

    /** {@code /v1/tickets/:id/reply} → {@code /v1/tickets/[^/]+/reply}, the rest matched literally. */
    private static Pattern pattern(String template) {
        List<String> parts = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            parts.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(String.join("/", parts));
    }
}
