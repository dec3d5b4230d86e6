package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WeChat's push XML, and the entity tricks an attacker could post to the callback instead. */
class WeChatXmlTest {
    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_textMessageAsDocumented_givesItsFields() {
        // the text message example of the "接收普通消息" page (Message_Management/Receiving_standard_messages)
        Map<String, String> m = WeChatXml.parse(bytes("<xml><ToUserName><![CDATA[toUser]]></ToUserName>"
                + "<FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>1348831860</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[订单号 A-1001 还没到]]></Content>"
                + "<MsgId>1234567890123456</MsgId></xml>"));
        assertThat(m).containsEntry("FromUserName", "fromUser").containsEntry("MsgType", "text")
                .containsEntry("Content", "订单号 A-1001 还没到").containsEntry("MsgId", "1234567890123456");
    }

    @Test
    void parse_externalEntity_refusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><Content>&x;</Content></xml>";
        assertThatThrownBy(() -> WeChatXml.parse(bytes(xxe))).isInstanceOf(WeChatXml.BadXml.class)
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void parse_billionLaughs_refusedAtOnce() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                lol.append("&l").append(i - 1).append(';');
            }
            lol.append("\">");
        }
        lol.append("]><xml><Content>&l9;</Content></xml>");
        assertThatThrownBy(() -> WeChatXml.parse(bytes(lol.toString()))).isInstanceOf(WeChatXml.BadXml.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void parse_externalDtd_refused() {
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml><A>1</A></xml>";
        assertThatThrownBy(() -> WeChatXml.parse(bytes(dtd))).isInstanceOf(WeChatXml.BadXml.class);
    }

    @Test
    void parse_malformedOrOtherRoot_refused() {
        assertThatThrownBy(() -> WeChatXml.parse(bytes("<xml><A>1</xml>"))).isInstanceOf(WeChatXml.BadXml.class);
        assertThatThrownBy(() -> WeChatXml.parse(bytes("{\"a\":1}"))).isInstanceOf(WeChatXml.BadXml.class);
        assertThatThrownBy(() -> WeChatXml.parse(bytes("<html><A>1</A></html>")))
                .isInstanceOf(WeChatXml.BadXml.class).hasMessageContaining("<xml>");
    }
}
