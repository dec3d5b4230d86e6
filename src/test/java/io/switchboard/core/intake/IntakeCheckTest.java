package io.switchboard.core.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketDraft;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IntakeCheckTest {
    private static final IntakeRules RULES = new IntakeRules(Map.of(
            "refund", List.of(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true),
                    FieldSpec.of("amount", FieldKind.AMOUNT, false)),
            "fault", List.of(new FieldSpec("deviceModel", FieldKind.DEVICE_MODEL, true,
                    FieldKind.DEVICE_MODEL.defaultLabels(), Pattern.compile("[A-Za-z0-9 +._-]{2,40}")))),
            IntakeRules.DEFAULT_LENIENT);

    private static TicketDraft draft(String type, String subject, String description, Map<String, String> fields) {
        return new TicketDraft(Channel.EMAIL, Priority.NORMAL, new Customer("c-1", CustomerTier.STANDARD, null), type,
                subject, description, List.of(), null, Set.of(), fields, null);
    }

    @Test
    void check_valuesInText_areAddedToFieldsWithTheirSources() {
        IntakeCheck.Result r = IntakeCheck.check(RULES, draft("refund", "退款 订单号 A-1001", "金额 ¥128.50", Map.of()));
        assertEquals(Map.of("orderNumber", "A-1001", "amount", "128.50 CNY"), r.draft().fields());
        assertEquals(List.of(), r.missing());
        assertEquals(List.of("subject", "description"), r.sources().stream().map(FieldSource::source).toList());
        assertFalse(r.needsInfo());
    }

    @Test
    void check_suppliedValue_winsOverTextAndIsNotExtracted() {
        IntakeCheck.Result r = IntakeCheck.check(RULES, draft("refund", "订单号 A-1001", null,
                Map.of("orderNumber", "A-9999")));
        assertEquals("A-9999", r.draft().fields().get("orderNumber"));
        assertTrue(r.sources().isEmpty());
    }

    @Test
    void check_requiredFieldNowhere_isMissing() {
        IntakeCheck.Result r = IntakeCheck.check(RULES, draft("refund", "我要退款", "钱没到账", Map.of()));
        assertEquals(List.of("orderNumber"), r.missing());
        assertTrue(r.needsInfo());
    }

    @Test
    void check_suppliedValueAgainstPattern_isInvalidAndExtractionStillTried() {
        IntakeCheck.Result r = IntakeCheck.check(RULES, draft("fault", "型号 RT-AX88U 坏了", null,
                Map.of("deviceModel", "<script>")));
        assertEquals(List.of("deviceModel"), r.invalid());
        assertEquals("RT-AX88U", r.draft().fields().get("deviceModel"));
    }

    @Test
    void check_typeWithoutRules_leavesTheDraftAlone() {
        TicketDraft d = draft("other", "订单号 A-1001", null, Map.of());
        IntakeCheck.Result r = IntakeCheck.check(RULES, d);
        assertEquals(d, r.draft());
        assertFalse(r.needsInfo());
    }
}
