package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy-paste verifiers in docs/webhooks.md, run as written against the Standard Webhooks
 * published test vector (see {@link WebhookSignerTest}) and a tampered body. Java is compiled
 * in-process; Python and Node.js run when installed (CI installs Node.js for its linters).
 */
class WebhookDocSnippetTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    /** A rotation header: a signature of another secret, then the published one. */
    private static final String SIGNATURE = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= "
            + "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String TAMPERED = "{\"test\": 2432232315}";

    @TempDir
    Path dir;

    private static String snippet(String language) throws Exception {
        String doc = Files.readString(Path.of("docs/webhooks.md"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as(language + " snippet in docs/webhooks.md").isTrue();
        return m.group(1);
    }

    @Test
    void javaSnippet_publishedVector_acceptedAndTamperedRefused() throws Exception {
        Path source = dir.resolve("Verify.java");
        Files.writeString(source, snippet("java"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()))
                .isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()})) {
            Method verify = loader.loadClass("Verify").getDeclaredMethod("verify", String.class, Map.class,
                    byte[].class, long.class);
            verify.setAccessible(true);
            Map<String, String> headers = Map.of("webhook-id", ID, "webhook-timestamp", TIMESTAMP,
                    "webhook-signature", SIGNATURE);
            long now = Long.parseLong(TIMESTAMP);
            assertThat(verify.invoke(null, SECRET, headers, BODY.getBytes(StandardCharsets.UTF_8), now)).isEqualTo(true);
            assertThat(verify.invoke(null, SECRET, headers, TAMPERED.getBytes(StandardCharsets.UTF_8), now))
                    .isEqualTo(false);
            assertThat(verify.invoke(null, SECRET, headers, BODY.getBytes(StandardCharsets.UTF_8), now + 3600))
                    .as("an old timestamp is refused").isEqualTo(false);
        }
    }

    @Test
    void pythonSnippet_publishedVector_acceptedAndTamperedRefused() throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        Files.writeString(dir.resolve("verify.py"), snippet("python"));
        Files.writeString(dir.resolve("check.py"), String.join("\n",
                "import verify",
                "verify.time.time = lambda: " + TIMESTAMP,
                "h = {'webhook-id': '" + ID + "', 'webhook-timestamp': '" + TIMESTAMP + "', 'webhook-signature': '"
                        + SIGNATURE + "'}",
                "print(verify.verify('" + SECRET + "', h, b'" + BODY + "'), verify.verify('" + SECRET + "', h, b'"
                        + TAMPERED + "'))", ""));
        assertThat(run("python3", "check.py")).isEqualTo("True False");
    }

    @Test
    void nodeSnippet_publishedVector_acceptedAndTamperedRefused() throws Exception {
        assumeTrue(installed("node"), "node is not installed");
        Files.writeString(dir.resolve("check.js"), snippet("javascript") + String.join("\n",
                "Date.now = () => " + TIMESTAMP + " * 1000;",
                "const h = {'webhook-id': '" + ID + "', 'webhook-timestamp': '" + TIMESTAMP + "', 'webhook-signature': '"
                        + SIGNATURE + "'};",
                "console.log(verify('" + SECRET + "', h, '" + BODY + "'), verify('" + SECRET + "', h, '" + TAMPERED
                        + "'));", ""));
        assertThat(run("node", "check.js")).isEqualTo("true false");
    }

    private static boolean installed(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
