package io.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketRoutes#isUpgradePath} must take exactly the requests the two upgrade routes' own
 * patterns take: the handlers before those routes let these requests through untouched (no
 * authentication), so a path the predicate takes and the routes do not would skip authentication.
 */
class UpgradePathTest {
    private static final String[] PIECES = {"/", "/", "v1", "agents", "supervisors", "ws", "alice", "a%20b", "x", "",
        "ws/", "/ws", "agent", "v2", "tickets", "w", "s", ".", "é"};

    @Test
    void isUpgradePath_onTheRoutesOwnPaths_agreesWithVertxPatterns() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            Pattern agents = pattern(router.get("/v1/agents/:id/ws"));
            Pattern supervisors = pattern(router.get("/v1/supervisors/:id/ws"));
            SplittableRandom random = new SplittableRandom(12);
            String[] fixed = {"/v1/agents/alice/ws", "/v1/agents/alice/ws/", "/v1/supervisors/s1/ws",
                "/v1/agents//ws", "/v1/agents/alice/wss", "/v1/agents/alice/ws//", "/v1/agents/a/b/ws",
                "/v1/agents/alice", "/v1/agents/ws", "/v1/agents/ws/ws", "/v1/tickets/tkt_1/resolve", "/v1/tickets"};
            for (String path : fixed) {
                assertAgrees(path, agents, supervisors);
            }
            for (int i = 0; i < 100_000; i++) {
                StringBuilder path = new StringBuilder(random.nextInt(4) == 0 ? "" : "/v1/"
                        + (random.nextBoolean() ? "agents/" : "supervisors/"));
                int pieces = random.nextInt(5);
                for (int p = 0; p < pieces; p++) {
                    path.append(PIECES[random.nextInt(PIECES.length)]);
                }
                assertAgrees(path.toString(), agents, supervisors);
            }
        } finally {
            vertx.close();
        }
    }

    @Test
    void isUpgradePath_onAnotherMethod_isFalse() {
        assertThat(SocketRoutes.isUpgradePath(HttpMethod.GET, "/v1/agents/alice/ws")).isTrue();
        assertThat(SocketRoutes.isUpgradePath(HttpMethod.POST, "/v1/agents/alice/ws")).isFalse();
        assertThat(SocketRoutes.isUpgradePath(HttpMethod.HEAD, "/v1/supervisors/s1/ws")).isFalse();
        assertThat(SocketRoutes.isUpgradePath(HttpMethod.GET, null)).isFalse();
    }

    private static void assertAgrees(String path, Pattern agents, Pattern supervisors) {
        boolean routes = agents.matcher(path).matches() || supervisors.matcher(path).matches();
        assertThat(SocketRoutes.isUpgradePath(HttpMethod.GET, path)).as(path).isEqualTo(routes);
    }

    /** The pattern Vert.x Web compiled for the route (not public API: read to compare, not to copy). */
    private static Pattern pattern(Route route) throws ReflectiveOperationException {
        Field state = route.getClass().getDeclaredField("state");
        state.setAccessible(true);
        Object routeState = state.get(route);
        Field pattern = routeState.getClass().getDeclaredField("pattern");
        pattern.setAccessible(true);
        return (Pattern) pattern.get(routeState);
    }
}
