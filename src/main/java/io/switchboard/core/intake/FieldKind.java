package io.switchboard.core.intake;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of value a ticket field holds, each with the words that introduce it in customer text
 * (Chinese and English; a field may configure its own) and how a value of the kind is recognised
 * and written once found ({@link ValueFinder}).
 */
public enum FieldKind {
    ORDER_NUMBER("order_number", List.of("订单编号", "订单号码", "订单号", "订单", "单号", "order number", "order no.",
            "order no", "order id", "order #", "order")),
    PHONE("phone", List.of("手机号码", "手机号", "手机", "电话", "联系电话", "mobile", "phone", "tel")),
    EMAIL("email", List.of("邮箱", "电子邮件", "e-mail", "email")),
    AMOUNT("amount", List.of("金额", "退款", "价格", "amount", "refund", "price")),
    DATE("date", List.of("日期", "时间", "date")),
    DEVICE_MODEL("device_model", List.of("设备型号", "机型", "型号", "device model", "model", "device")),
    TEXT("text", List.of());

    private final String wire;
    private final List<String> labels;

    FieldKind(String wire, List<String> labels) {
        this.wire = wire;
        this.labels = labels;
    }

    /** The name in the YAML configuration. */
    public String wire() {
        return wire;
    }

    /** Words that introduce a value of this kind when a field configures none. */
    public List<String> defaultLabels() {
        return labels;
    }

    public static Optional<FieldKind> parse(String text) {
        for (FieldKind kind : values()) {
            if (kind.wire.equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
