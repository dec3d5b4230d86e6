package io.switchboard.channels.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat safe mode ("安全模式"), as the platform's message encryption scheme documents it and its
 * sample {@code WXBizMsgCrypt} implements: AESKey = Base64(EncodingAESKey + "="), 32 bytes;
 * AES-256-CBC with IV = the key's first 16 bytes; PKCS#7 padding to a multiple of <b>32</b>
 * bytes (not 16, so the JDK's padding cannot be used); plaintext = 16 random bytes, the message
 * length (4 bytes, big-endian), the message (UTF-8), the AppID. Decryption checks the AppID.
 * Thread-safe (a cipher per call).
 */
public final class WeChatCrypto {
    private static final int BLOCK = 32;
    private final byte[] key;
    private final String appId;

    /** {@code encodingAesKey}: the 43 characters configured on the platform. */
    public WeChatCrypto(String encodingAesKey, String appId) {
        if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9]{43}")) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 letters or digits");
        }
        this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        this.appId = appId;
    }

    /** A message was not encrypted for this account (bad padding, length or AppID). */
    public static final class BadCiphertext extends RuntimeException {
        BadCiphertext(String message) {
            super(message, null, false, false);
        }
    }

    /** The {@code Encrypt} text of {@code message}, with the 16 bytes {@code random} in front. */
    public String encrypt(byte[] random, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = appId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + text.length + id.length;
        int pad = BLOCK - length % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random, 0, 16).putInt(text.length).put(text).put(id);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        return Base64.getEncoder().encodeToString(run(Cipher.ENCRYPT_MODE, plain.array()));
    }

    /** The message inside {@code encrypted}; {@link BadCiphertext} when it is not for this account. */
    public String decrypt(String encrypted) {
        byte[] plain;
        try {
            byte[] bytes = Base64.getDecoder().decode(encrypted);
            if (bytes.length == 0 || bytes.length % 16 != 0) {
                throw new BadCiphertext("the ciphertext length is not whole AES blocks");
            }
            plain = run(Cipher.DECRYPT_MODE, bytes);
        } catch (IllegalArgumentException e) {
            throw new BadCiphertext("the ciphertext is not base64");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length - 20) {
            throw new BadCiphertext("bad padding");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new BadCiphertext("bad message length");
        }
        String from = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!from.equals(appId)) {
            throw new BadCiphertext("the message is for another AppID");
        }
        return new String(Arrays.copyOfRange(plain, 20, 20 + length), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new BadCiphertext("AES failed: " + e.getMessage());
        }
    }
}
