package io.switchboard.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A table of real-looking customer messages in Chinese and English, tricky ones included. */
class FieldExtractorTest {
    private static final List<FieldSpec> SPECS = List.of(
            FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true),
            FieldSpec.of("phone", FieldKind.PHONE, false),
            FieldSpec.of("email", FieldKind.EMAIL, false),
            FieldSpec.of("amount", FieldKind.AMOUNT, false),
            FieldSpec.of("date", FieldKind.DATE, false),
            FieldSpec.of("device", FieldKind.DEVICE_MODEL, false));

    /** Expected: the chosen values as {@code field=value} joined by {@code ;}, sorted by field name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            订单号 A-1001 退款                                   | orderNumber=A-1001
            我的订单号是：A-1001，手机 13800138000，退款¥128.50     | amount=128.50 CNY;orderNumber=A-1001;phone=13800138000
            订单号：Ａ－１００１，手机１３８００１３８０００             | orderNumber=A-1001;phone=13800138000
            手机 138 0013 8000 / +86 139-0013-9000 都可以            | phone=13800138000
            Order #20231105 was charged $1,299.00 twice             | amount=1299.00 USD;orderNumber=20231105
            Refund for order A-1001 please, call me at +44 20 7946 0958 | orderNumber=A-1001;phone=+442079460958
            see https://shop.example.com/order/A-2002?tel=13900139000 订单号 A-1001 | orderNumber=A-1001
            https://shop.example.com/orders/B-7777 is broken          | (none)
            订单号 A-1001 和 订单号 A-1002 都没到                        | orderNumber=A-1001
            I ordered 300 units, no number yet                        | (none)
            订单号 13800138000 还没发货                                 | orderNumber=13800138000
            邮箱 li.lei@Example.COM 订单 A-1001                         | email=li.lei@example.com;orderNumber=A-1001
            13800138000@qq.com 是我的邮箱                               | email=13800138000@qq.com
            2026年3月5日下的单，花了128.5元                              | amount=128.50 CNY;date=2026-03-05
            Bought on March 5, 2026 for 99 dollars                    | amount=99.00 USD;date=2026-03-05
            delivered 5th March 2026, model RT-AX88U and it fails     | date=2026-03-05;device=RT-AX88U
            型号：iPhone 15 Pro，屏幕碎了                               | device=iPhone 15 Pro
            设备型号 华为 Mate 60 Pro 无法开机                            | device=华为 Mate 60 Pro
            日期 2026-02-30 不存在                                     | (none)
            ￥２５０退款，订单号：Ｂ－８８８                              | amount=250.00 CNY;orderNumber=B-888
            电话 010-62345678                                        | phone=01062345678
            order no. AB-12345 / phone 123456789012345               | orderNumber=AB-12345
            """)
    void extract_realMessages_findsTheExpectedValues(String message, String expected) {
        Map<String, List<FieldSource>> found = FieldExtractor.extract(SPECS,
                List.of(new FieldExtractor.Text("description", message)));
        TreeMap<String, String> chosen = new TreeMap<>();
        found.forEach((field, sources) -> chosen.put(field, sources.get(0).value()));
        List<String> parts = new ArrayList<>();
        chosen.forEach((k, v) -> parts.add(k + "=" + v));
        assertEquals(expected, parts.isEmpty() ? "(none)" : String.join(";", parts));
    }

    @org.junit.jupiter.api.Test
    void extract_twoOrderNumbers_firstIsChosenAndTheOtherKeptAsACandidate() {
        String text = "订单号 A-1001 和 订单号 A-1002 都没到";
        List<FieldSource> sources = FieldExtractor.extract(SPECS, List.of(new FieldExtractor.Text("description", text)))
                .get("orderNumber");
        assertEquals(List.of(new FieldSource("orderNumber", "A-1001", "description", 4, 10, "A-1001", true),
                new FieldSource("orderNumber", "A-1002", "description", 17, 23, "A-1002", false)), sources);
    }

    @org.junit.jupiter.api.Test
    void extract_labelledValueInDescription_beatsAShapeOnlyValueInSubject() {
        Map<String, List<FieldSource>> found = FieldExtractor.extract(SPECS, List.of(
                new FieldExtractor.Text("subject", "Problem with XY-555"),
                new FieldExtractor.Text("description", "order number: A-1001")));
        assertEquals("A-1001", found.get("orderNumber").get(0).value());
        assertEquals("description", found.get("orderNumber").get(0).source());
        assertEquals("XY-555", found.get("orderNumber").get(1).value());
    }

    @org.junit.jupiter.api.Test
    void extract_fullWidthText_spanPointsAtTheOriginalCharacters() {
        String text = "订单号：Ａ－１００１";
        FieldSource source = FieldExtractor.extract(SPECS, List.of(new FieldExtractor.Text("subject", text)))
                .get("orderNumber").get(0);
        assertEquals("A-1001", source.value());
        assertEquals("Ａ－１００１", text.substring(source.start(), source.end()));
        assertEquals("Ａ－１００１", source.text());
    }

    @org.junit.jupiter.api.Test
    void extract_patternRefusesAValue_valueIsSkipped() {
        FieldSpec strict = new FieldSpec("orderNumber", FieldKind.ORDER_NUMBER, true,
                FieldKind.ORDER_NUMBER.defaultLabels(), java.util.regex.Pattern.compile("A-\\d{4}"));
        Map<String, List<FieldSource>> found = FieldExtractor.extract(List.of(strict),
                List.of(new FieldExtractor.Text("description", "订单号 B-123 还有订单号 A-1001")));
        assertEquals(List.of("A-1001"), found.get("orderNumber").stream().map(FieldSource::value).toList());
    }

    @org.junit.jupiter.api.Test
    void extract_textFieldWithLabel_takesTheRestOfTheSentence() {
        FieldSpec address = new FieldSpec("address", FieldKind.TEXT, false, List.of("地址", "address"), null);
        Map<String, List<FieldSource>> found = FieldExtractor.extract(List.of(address),
                List.of(new FieldExtractor.Text("description", "收货地址：北京市海淀区中关村大街1号。谢谢")));
        assertEquals("北京市海淀区中关村大街1号", found.get("address").get(0).value());
    }
}
