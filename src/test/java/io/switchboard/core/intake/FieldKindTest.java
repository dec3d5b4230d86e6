package io.switchboard.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldKindTest {
    @Test
    void parse_wireNameInAnyCase_findsTheKind() {
        assertThat(FieldKind.parse("order_number")).contains(FieldKind.ORDER_NUMBER);
        assertThat(FieldKind.parse("Device_Model")).contains(FieldKind.DEVICE_MODEL);
        assertThat(FieldKind.ORDER_NUMBER.wire()).isEqualTo("order_number");
    }

    @Test
    void parse_unknownName_empty() {
        assertThat(FieldKind.parse("ordernumber")).isEmpty();
        assertThat(FieldKind.parse("")).isEmpty();
    }

    @Test
    void defaultLabels_chineseAndEnglishWordsThatIntroduceAValue_textHasNone() {
        assertThat(FieldKind.ORDER_NUMBER.defaultLabels()).contains("订单号", "order number");
        assertThat(FieldKind.PHONE.defaultLabels()).contains("手机", "phone");
        assertThat(FieldKind.TEXT.defaultLabels()).isEmpty();
    }
}
