package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.intake.FieldKind;
import io.switchboard.core.intake.FieldSpec;
import io.switchboard.core.intake.IntakeRules;
import io.switchboard.core.ticket.Channel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntakeSectionTest {
    private static final String MINIMAL = "skills: [billing]\nqueues:\n  - name: billing\n";

    @Test
    void intake_omitted_noTypesAndDefaultLenientChannels() {
        IntakeRules rules = ConfigLoader.fromYaml(MINIMAL).channels().intake();
        assertThat(rules.types()).isEmpty();
        assertThat(rules.lenientChannels()).isEqualTo(Set.of(Channel.EMAIL, Channel.WECHAT, Channel.CHAT));
    }

    @Test
    void intake_typesWithFields_readInOrderWithDefaultsAndPatterns() {
        IntakeRules rules = ConfigLoader.fromYaml(MINIMAL + String.join("\n", "intake:",
                "  lenientChannels: [email]",
                "  types:",
                "    refund:",
                "      fields:",
                "        orderNumber: {kind: order_number, required: true, pattern: 'A-\\d+'}",
                "        note: {kind: text, labels: [备注, note]}",
                "")).channels().intake();
        List<FieldSpec> fields = rules.fieldsOf("refund");
        assertThat(fields).extracting(FieldSpec::name).containsExactly("orderNumber", "note");
        assertThat(fields.get(0).required()).isTrue();
        assertThat(fields.get(0).labels()).isEqualTo(FieldKind.ORDER_NUMBER.defaultLabels());
        assertThat(fields.get(0).accepts("A-12")).isTrue();
        assertThat(fields.get(0).accepts("B-12")).isFalse();
        assertThat(fields.get(1).labels()).containsExactly("备注", "note");
        assertThat(rules.lenientChannels()).containsExactly(Channel.EMAIL);
    }

    @Test
    void intake_unknownKind_failsNamingTheKeyAndTheKinds() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL
                + "intake:\n  types:\n    refund:\n      fields:\n        order: {kind: ordernumber}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("intake.types.refund.fields.order.kind").hasMessageContaining("order_number");
    }

    @Test
    void intake_badPatternOrTextWithoutLabels_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL
                + "intake:\n  types:\n    refund:\n      fields:\n        order: {kind: order_number, pattern: '(['}\n"))
                .hasMessageContaining("intake.types.refund.fields.order.pattern");
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL
                + "intake:\n  types:\n    refund:\n      fields:\n        note: {kind: text, labels: []}\n"))
                .hasMessageContaining("intake.types.refund.fields.note.labels");
    }

    @Test
    void intake_unknownChannel_failsNamingTheItem() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(MINIMAL + "intake:\n  lenientChannels: [fax]\n"))
                .hasMessageContaining("intake.lenientChannels[0]").hasMessageContaining("fax");
    }
}
