package io.switchboard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code switchboard health [--url URL]}: the container image's health check, which has no shell or
 * curl to call. Asks {@code GET /health/ready} of the server in the same container (default
 * {@code http://127.0.0.1:$SWITCHBOARD_HTTP_PORT}, port 8080) and exits 0 when it answers 200,
 * 1 otherwise (not ready, not listening, or no answer within 3 s), printing why on stderr.
 */
final class HealthProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthProbe() {
    }

    static int run(String[] args, Map<String, String> env) {
        String url = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[++i];
            } else {
                System.err.println("health: unknown argument " + args[i] + "; usage: health [--url URL]");
                return 2;
            }
        }
        if (url == null) {
            String port = env.getOrDefault("SWITCHBOARD_HTTP_PORT", "8080").trim();
            url = "http://127.0.0.1:" + (port.isEmpty() ? "8080" : port) + "/health/ready";
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return 0;
            }
            System.err.println("health: " + url + " answered " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("health: " + url + " did not answer: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
