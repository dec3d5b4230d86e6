package io.switchboard.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldFillTest {
    private static final IntakeRules RULES = new IntakeRules(Map.of(
            "refund", List.of(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true),
                    FieldSpec.of("phone", FieldKind.PHONE, true),
                    FieldSpec.of("amount", FieldKind.AMOUNT, false))),
            IntakeRules.DEFAULT_LENIENT);

    @Test
    void fill_chineseFollowUpWithOneOfTwo_fillsItAndTheOtherStaysMissing() {
        String text = "您好，订单号：Ａ－１００１，谢谢";
        FieldFill.Result r = FieldFill.fill(RULES, "refund", List.of("orderNumber", "phone"), "message", text);

        assertThat(r.values()).containsExactly(Map.entry("orderNumber", "A-1001"));
        assertThat(r.missing()).containsExactly("phone");
        FieldSource source = r.sources().get(0);
        assertThat(source.source()).isEqualTo("message");
        assertThat(text.substring(source.start(), source.end())).isEqualTo("Ａ－１００１");
        assertThat(r.filledAny()).isTrue();
    }

    @Test
    void fill_englishFollowUpWithBoth_nothingMissing() {
        FieldFill.Result r = FieldFill.fill(RULES, "refund", List.of("orderNumber", "phone"), "message",
                "Sorry! My order number is B-2002 and you can call me on 138 0013 8000.");

        assertThat(r.values()).containsOnly(Map.entry("orderNumber", "B-2002"), Map.entry("phone", "13800138000"));
        assertThat(r.missing()).isEmpty();
    }

    @Test
    void fill_valueOfAFieldNotMissing_isNotTaken() {
        FieldFill.Result r = FieldFill.fill(RULES, "refund", List.of("phone"), "message",
                "订单号 A-1001，金额 ¥128.50");

        assertThat(r.filledAny()).isFalse();
        assertThat(r.sources()).isEmpty();
        assertThat(r.missing()).containsExactly("phone");
    }

    @Test
    void fill_numbersOnlyInsideALink_notTaken() {
        FieldFill.Result r = FieldFill.fill(RULES, "refund", List.of("orderNumber"), "message",
                "see https://shop.example.com/order/A-1001 please");

        assertThat(r.filledAny()).isFalse();
        assertThat(r.missing()).containsExactly("orderNumber");
    }

    @Test
    void fill_fieldTheConfigurationNoLongerHas_staysMissing() {
        FieldFill.Result r = FieldFill.fill(RULES, "gone", List.of("orderNumber"), "message", "订单号 A-1001");

        assertThat(r.filledAny()).isFalse();
        assertThat(r.missing()).containsExactly("orderNumber");
    }
}
