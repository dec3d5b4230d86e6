package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The platform's published example: Tencent's sample {@code WXBizMsgCryptTest.java} (in the
 * "cryptoDemo" download of the message encryption guide,
 * developers.weixin.qq.com/doc/oplatform/en/Third-party_Platforms/Message_Encryption/Technical_Plan.html),
 * copied into many SDKs: token {@code pamtest}, the key, AppID, random and message below give
 * exactly this {@code Encrypt}.
 */
class WeChatCryptoTest {
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_ID = "wxb11529c136998cb6";
    static final String ENCRYPTED =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    private final WeChatCrypto crypto = new WeChatCrypto(KEY, APP_ID);

    @Test
    void encrypt_publishedExample_givesThePublishedCiphertext() {
        assertThat(crypto.encrypt("aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII), "我是中文abcd123"))
                .isEqualTo(ENCRYPTED);
    }

    @Test
    void decrypt_publishedCiphertext_givesTheMessage() {
        assertThat(crypto.decrypt(ENCRYPTED)).isEqualTo("我是中文abcd123");
    }

    @Test
    void decrypt_forAnotherAppId_refused() {
        assertThatThrownBy(() -> new WeChatCrypto(KEY, "wx0000000000000000").decrypt(ENCRYPTED))
                .isInstanceOf(WeChatCrypto.BadCiphertext.class).hasMessageContaining("AppID");
    }

    @Test
    void decrypt_tamperedOrGarbage_refusedWithoutAnException() {
        String tampered = "A" + ENCRYPTED.substring(1);
        assertThatThrownBy(() -> crypto.decrypt(tampered)).isInstanceOf(WeChatCrypto.BadCiphertext.class);
        assertThatThrownBy(() -> crypto.decrypt("not base64!")).isInstanceOf(WeChatCrypto.BadCiphertext.class);
        assertThatThrownBy(() -> crypto.decrypt("AAAA")).isInstanceOf(WeChatCrypto.BadCiphertext.class);
    }

    @Test
    void signature_callbackAndSafeMode_matchSha1OfTheSortedParts() {
        // computed independently (Python hashlib) over the sorted parts of the example above
        assertThat(WeChatSignature.sign("pamtest", "1409304348", "xxxxxx"))
                .isEqualTo("76480565cbe296026c53aaacd1ad523a1ddba24f");
        assertThat(WeChatSignature.verify("82c962d39941aa48552f90ef55aa323dc620cc10", "pamtest", "1409304348",
                "xxxxxx", ENCRYPTED)).isTrue();
        assertThat(WeChatSignature.verify("82c962d39941aa48552f90ef55aa323dc620cc11", "pamtest", "1409304348",
                "xxxxxx", ENCRYPTED)).isFalse();
        assertThat(WeChatSignature.verify(null, "pamtest", "1", "2")).isFalse();
    }
}
