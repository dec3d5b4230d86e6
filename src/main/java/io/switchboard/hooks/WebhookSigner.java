package io.switchboard.hooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, "Signature scheme"): the
 * signature of a message is {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
 * where the key is the base64 text after {@code whsec_} in the secret. During a rotation a message
 * carries one signature per valid secret, separated by spaces, so a receiver that knows either
 * secret accepts it.
 *
 * <p>Threading: the static methods are stateless (a {@link Mac} per call: for tests, the docs'
 * snippet and rare callers). A subscription's deliveries sign with {@link Keys}: its secrets
 * decoded once and one keyed {@code Mac} each, reused for every message (a {@code Mac} per attempt
 * was a third of a delivery's signing cost: provider lookup, key decode, the concatenated string).
 */
public final class WebhookSigner {
    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** True for {@code whsec_} + base64 of 24 to 64 bytes (what {@link #sign} accepts). */
    public static boolean valid(String secret) {
        try {
            int length = key(secret).length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code v1,<base64>} for one secret; {@code timestampSeconds} is the {@code webhook-timestamp} value. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        StringBuilder out = new StringBuilder();
        append(out, keyed(secret), id, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
        return out.toString();
    }

    /**
     * A subscription's secrets, decoded once, each with its own keyed {@link Mac}; {@link #header}
     * gives what {@link WebhookSigner#header} gives. Not thread-safe: confined to the owner's context.
     */
    static final class Keys {
        private final List<String> secrets;
        private final Mac[] macs;
        /** Scratch for one message's id and timestamp, its MAC and the MAC's base64 (confined: see the class). */
        private byte[] text = new byte[64];
        private final byte[] digest = new byte[32];
        private final byte[] base64 = new byte[44];
        /** Scratch for the header: {@code v1,} and 44 base64 characters per secret, a space between. */
        private final byte[] header;

        Keys(List<String> secrets) {
            this.secrets = List.copyOf(secrets);
            this.macs = new Mac[secrets.size()];
            this.header = new byte[Math.max(1, macs.length) * 48];
            for (int i = 0; i < macs.length; i++) {
                macs[i] = keyed(secrets.get(i));
            }
        }

        /** Whether these are the keys of {@code current} (a rotation replaces them). */
        boolean of(List<String> current) {
            return secrets.equals(current);
        }

        /**
         * The {@code webhook-signature} header for a body given as its UTF-8 bytes. The same bytes
         * as {@link WebhookSigner#header}, through scratch arrays: one string per message (the id's
         * and timestamp's bytes, the MAC and its base64 were four arrays and a string each).
         */
        String header(String id, long timestampSeconds, byte[] body) {
            int signed = signedPrefix(id, timestampSeconds);
            int n = 0;
            for (Mac mac : macs) {
                if (n > 0) {
                    header[n++] = ' ';
                }
                mac.update(text, 0, signed);
                mac.update(body);
                try {
                    mac.doFinal(digest, 0); // resets the Mac
                } catch (javax.crypto.ShortBufferException e) {
                    throw new IllegalStateException("an HmacSHA256 is 32 bytes", e);
                }
                header[n++] = 'v';
                header[n++] = '1';
                header[n++] = ',';
                n += Base64.getEncoder().encode(digest, base64);
                System.arraycopy(base64, 0, header, n - base64.length, base64.length);
            }
            // the text is ASCII: one copy into the string, no builder and its array
            return new String(header, 0, n, StandardCharsets.ISO_8859_1);
        }

        /** Writes {@code id.timestamp.} as UTF-8 into {@link #text}; returns its length. */
        private int signedPrefix(String id, long timestampSeconds) {
            int length = id.length();
            boolean ascii = true;
            for (int i = 0; i < length && ascii; i++) {
                ascii = id.charAt(i) < 0x80;
            }
            byte[] idBytes = ascii ? null : id.getBytes(StandardCharsets.UTF_8);
            int idLength = ascii ? length : idBytes.length;
            int needed = idLength + 22; // '.', at most 20 digits and a sign, '.'
            if (text.length < needed) {
                text = new byte[Math.max(needed, text.length * 2)];
            }
            if (ascii) {
                for (int i = 0; i < length; i++) {
                    text[i] = (byte) id.charAt(i);
                }
            } else {
                System.arraycopy(idBytes, 0, text, 0, idLength);
            }
            int n = idLength;
            text[n++] = '.';
            if (timestampSeconds >= 0) {
                int digits = 1;
                for (long rest = timestampSeconds / 10; rest > 0; rest /= 10) {
                    digits++;
                }
                long rest = timestampSeconds;
                for (int i = n + digits - 1; i >= n; i--) {
                    text[i] = (byte) ('0' + rest % 10);
                    rest /= 10;
                }
                n += digits;
            } else {
                String digits = Long.toString(timestampSeconds);
                for (int i = 0; i < digits.length(); i++) {
                    text[n++] = (byte) digits.charAt(i);
                }
            }
            text[n++] = '.';
            return n;
        }
    }

    /** Appends {@code v1,<base64>}: the MAC over id, '.', timestamp, '.', body (doFinal resets {@code mac}). */
    private static void append(StringBuilder out, Mac mac, String id, long timestampSeconds, byte[] body) {
        mac.update(id.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        out.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
    }

    private static Mac keyed(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The {@code webhook-signature} header: one signature per secret, space-separated. */
    public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        StringBuilder out = new StringBuilder();
        for (String secret : secrets) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(sign(secret, id, timestampSeconds, body));
        }
        return out.toString();
    }

    /** True when one of the header's {@code v1} signatures is the signature with {@code secret} (constant time). */
    public static boolean verify(String secret, String id, long timestampSeconds, String body, String header) {
        byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : header.split(" ")) {
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
