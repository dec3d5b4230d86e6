package io.switchboard.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ValueFinderTest {
    @Test
    void overlaps_spansThatOnlyTouch_doNotOverlap() {
        TreeMap<Integer, Integer> spans = new TreeMap<>();
        spans.put(5, 10);
        spans.put(12, 15);
        assertThat(ValueFinder.overlaps(spans, 10, 12)).as("between [5,10) and [12,15)").isFalse();
        assertThat(ValueFinder.overlaps(spans, 9, 11)).as("into the first").isTrue();
        assertThat(ValueFinder.overlaps(spans, 11, 13)).as("into the second").isTrue();
        assertThat(ValueFinder.overlaps(spans, 0, 5)).as("ends where the first starts").isFalse();
    }

    @Test
    void find_englishLabelInsideAnotherWord_notALabel() {
        ValueFinder orders = new ValueFinder(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true));

        List<ValueFinder.Hit> inWord = orders.find("the border A-1001 is closed");
        List<ValueFinder.Hit> labelled = orders.find("my order A-1001 is late");

        assertThat(inWord).extracting(ValueFinder.Hit::value).containsExactly("A-1001");
        assertThat(inWord).extracting(ValueFinder.Hit::labelled).containsExactly(false);
        assertThat(labelled).extracting(ValueFinder.Hit::labelled).containsExactly(true);
    }

    @Test
    void find_longestLabelFirst_chineseLabelTakesItsWholeWord() {
        ValueFinder orders = new ValueFinder(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true));

        List<ValueFinder.Hit> hits = orders.find("订单号码：B-2002");

        assertThat(hits).extracting(ValueFinder.Hit::value).containsExactly("B-2002");
        assertThat(hits).extracting(ValueFinder.Hit::labelled).containsExactly(true);
    }

    @Test
    void find_codeThatGoesOnWithAHyphenAndDigits_notCutIntoAnOrderNumber() {
        ValueFinder orders = new ValueFinder(FieldSpec.of("orderNumber", FieldKind.ORDER_NUMBER, true));

        List<ValueFinder.Hit> unlabelled = orders.find("I was billed twice INV-2026-0042, please help");
        List<ValueFinder.Hit> labelled = orders.find("订单号 INV-2026-0042");
        List<ValueFinder.Hit> sentenceDash = orders.find("order A-1001 - please refund");

        assertThat(unlabelled).as("an invoice code is not truncated into an order number").isEmpty();
        assertThat(labelled).as("a labelled value is taken whole or not at all").isEmpty();
        assertThat(sentenceDash).extracting(ValueFinder.Hit::value).containsExactly("A-1001");
    }
}
