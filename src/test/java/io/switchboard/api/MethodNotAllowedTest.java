package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.StrictYaml;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every documented path answers a method it does not support with 405, a problem, and {@code Allow}. */
@ExtendWith(VertxExtension.class)
class MethodNotAllowedTest {
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

    @Test
    void everyPath_unsupportedMethod_405WithAllowListingThePathsMethods(Vertx vertx) throws IOException {
        TestServer server = TestServer.start(vertx);
        Map<?, ?> paths = (Map<?, ?>) ((Map<?, ?>) StrictYaml.load(Files.readString(Path.of("docs/openapi.yaml")),
                "docs/openapi.yaml")).get("paths");
        int checked = 0;
        for (Map.Entry<?, ?> path : paths.entrySet()) {
            Set<String> supported = new TreeSet<>();
            ((Map<?, ?>) path.getValue()).keySet().forEach(k -> supported.add(k.toString().toUpperCase()));
            supported.retainAll(METHODS);
            String concrete = path.getKey().toString().replaceAll("\\{[a-zA-Z]+}", "x1");
            for (String method : METHODS) {
                if (supported.contains(method)) {
                    continue;
                }
                TestServer.Reply reply = server.send(method, concrete, method.equals("GET") ? null : "{}");
                assertThat(reply.status()).as(method + " " + concrete).isEqualTo(405);
                assertThat(reply.contentType()).as(method + " " + concrete).startsWith("application/problem+json");
                assertThat(reply.header("Allow")).as(method + " " + concrete).isEqualTo(String.join(", ", supported));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }
}
