package io.switchboard.channels.email;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SMTP server for tests: Debian's aiosmtpd ({@code python3-aiosmtpd}, installed by
 * {@code .ci/run}) on a port of this machine, writing each accepted message to a maildir. Its
 * handler is aiosmtpd's own {@code Mailbox}, except that recipients whose local part starts with
 * {@code refused} are answered {@code 550 5.1.1} (a permanent refusal). Stop and start it again on
 * the same port and maildir to simulate an outage. Tests are skipped (with that message) only when
 * aiosmtpd is not installed.
 */
final class SmtpServer implements AutoCloseable {
    private static final String HANDLER = String.join("\n",
            "from aiosmtpd.handlers import Mailbox",
            "",
            "class Refusing(Mailbox):",
            "    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):",
            "        if address.lower().startswith('refused'):",
            "            return '550 5.1.1 no such mailbox here'",
            "        envelope.rcpt_tos.append(address)",
            "        return '250 OK'",
            "");

    private final Path dir;
    private final int port;
    private Process process;

    private SmtpServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A server on a free port, writing into {@code dir}/maildir; not started. */
    static SmtpServer in(Path dir) throws IOException {
        assumeTrue(available(), "aiosmtpd is not installed (apt-get install python3-aiosmtpd): SMTP tests skipped");
        Files.writeString(dir.resolve("refusing.py"), HANDLER);
        try (ServerSocket socket = new ServerSocket(0)) {
            return new SmtpServer(dir, socket.getLocalPort());
        }
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("aiosmtpd", "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int port() {
        return port;
    }

    /** Starts the server and returns once it accepts connections. */
    SmtpServer start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "-c",
                "refusing.Refusing", dir.resolve("maildir").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("aiosmtpd.log").toFile());
        builder.environment().put("PYTHONPATH", dir.toString());
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("aiosmtpd did not start: "
                            + Files.readString(dir.resolve("aiosmtpd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the server (its port refuses connections afterwards). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** The raw messages in the maildir, in no particular order. */
    List<String> messages() {
        Path fresh = dir.resolve("maildir").resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            List<String> out = new ArrayList<>();
            for (Path file : files.toList()) {
                out.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The unfolded value of {@code name} in the header of {@code raw}, or null. */
    static String header(String raw, String name) {
        String head = raw.split("\r?\n\r?\n", 2)[0].replaceAll("\r?\n[ \t]+", " ");
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
