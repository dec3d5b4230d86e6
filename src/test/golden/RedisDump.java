import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Dumps the keys of Switchboard's Redis journal as Redis commands that rebuild them, independent of
 * the Redis version (an RDB file is not): the stream {@code switchboard:events} entry by entry with
 * its ids and raw field bytes, the list {@code switchboard:snapshots} and every snapshot list it names.
 *
 * <pre>
 *   java src/test/golden/RedisDump.java 127.0.0.1 PORT OUT_FILE
 * </pre>
 *
 * One command per line, tokens separated by one space; a token {@code b64:...} is base64 bytes,
 * any other token is itself (ASCII). Needs only a JDK: it speaks RESP on a plain socket.
 */
public final class RedisDump {
    private final InputStream in;
    private final OutputStream out;

    private RedisDump(Socket socket) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            RedisDump redis = new RedisDump(socket);
            List<String> lines = new ArrayList<>();
            lines.add("# Switchboard Redis journal keys; replay each line as a command (tokens b64:... are base64 bytes)");
            for (Object entry : (List<?>) redis.call("XRANGE", "switchboard:events", "-", "+")) {
                List<?> pair = (List<?>) entry;
                StringBuilder line = new StringBuilder("XADD switchboard:events ").append(text(pair.get(0)));
                for (Object field : (List<?>) pair.get(1)) {
                    line.append(' ').append(token((byte[]) field));
                }
                lines.add(line.toString());
            }
            for (Object name : (List<?>) redis.call("LRANGE", "switchboard:snapshots", "0", "-1")) {
                lines.add("RPUSH switchboard:snapshots " + token((byte[]) name));
            }
            for (Object name : (List<?>) redis.call("LRANGE", "switchboard:snapshots", "0", "-1")) {
                for (Object chunk : (List<?>) redis.call("LRANGE", text(name), "0", "-1")) {
                    lines.add("RPUSH " + text(name) + " " + token((byte[]) chunk));
                }
            }
            List<String> keys = new ArrayList<>();
            for (Object key : (List<?>) redis.call("KEYS", "*")) {
                keys.add(text(key));
            }
            keys.sort(null);
            lines.add("# every key the server held: " + String.join(" ", keys));
            Files.write(Path.of(args[2]), lines);
        }
    }

    private static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.US_ASCII);
    }

    /** Plain when the bytes are a simple ASCII word, else base64. */
    private static String token(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        return s.matches("[A-Za-z0-9:_.-]+") ? s : "b64:" + Base64.getEncoder().encodeToString(bytes);
    }

    private Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(b);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+', ':' -> { return line.getBytes(StandardCharsets.US_ASCII); }
            case '-' -> throw new IOException("Redis error: " + line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                in.readNBytes(2);
                return data;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
