package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml read by a maintained OpenAPI parser (swagger-parser, the one behind
 * swagger-codegen and many generators): no message at all, so generators and gateways that use it
 * read the contract as written. Redocly CLI lints the same file with its recommended rules in
 * .ci/run; this test keeps the build itself honest without Node.js.
 */
class OpenApiLintTest {
    @Test
    void openApi_swaggerParser_readsItWithoutAnyMessage() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIParser()
                .readContents(Files.readString(Path.of("docs/openapi.yaml")), null, options);
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).containsKeys("/v1/tickets", "/v1/tickets/{id}/messages", "/problems/{slug}");
        assertThat(api.getServers()).allSatisfy(server -> assertThat(server.getUrl())
                .doesNotContain("localhost").doesNotContain("example.com"));
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            assertThat(operation.getOperationId()).as(path).isNotBlank();
            // the recommended rules Redocly applies too; the exceptions are the ones .redocly.lint-ignore.yaml explains
            assertThat(operation.getResponses().keySet()).as(path)
                    .anyMatch(status -> status.startsWith("2") || status.equals("101"));
            if (!NO_CLIENT_ERRORS.contains(path)) {
                assertThat(operation.getResponses().keySet()).as(path).anyMatch(status -> status.startsWith("4"));
            }
        }));
    }

    private static final java.util.Set<String> NO_CLIENT_ERRORS = java.util.Set.of("/openapi.yaml", "/asyncapi.yaml", "/health/live",
            "/health/ready", "/desk", "/board", "/reports");

    @Test
    void swaggerParser_duplicateKey_isReported() {
        String twice = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n";
        SwaggerParseResult result = new OpenAPIParser().readContents(twice, null, new ParseOptions());
        assertThat(result.getMessages()).as("the parser would catch the duplicate keys strict YAML refuses")
                .isNotEmpty();
    }
}
