package io.switchboard.channels.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The WeChat Official Account callback signatures: {@code signature} = hex(SHA-1(concat(sort(
 * [token, timestamp, nonce])))) on every callback, and in safe mode {@code msg_signature} = the
 * same over {@code [token, timestamp, nonce, Encrypt]} (developers.weixin.qq.com, "接入概述" and
 * "消息加解密说明"). Stateless.
 */
public final class WeChatSignature {
    private WeChatSignature() {
    }

    /** hex(SHA-1) of the parts sorted lexicographically and joined without separator. */
    public static String sign(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : sorted) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** True when {@code signature} is {@link #sign} of the parts; constant time, null-safe (null = false). */
    public static boolean verify(String signature, String... parts) {
        if (signature == null || Arrays.stream(parts).anyMatch(p -> p == null)) {
            return false;
        }
        return MessageDigest.isEqual(sign(parts).getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
