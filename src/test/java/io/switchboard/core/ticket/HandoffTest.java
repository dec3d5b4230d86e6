package io.switchboard.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffTest {
    @Test
    void handoff_callersCollectionsChangedAfterwards_keepsWhatItWasGiven() {
        Map<String, String> reference = new HashMap<>(Map.of("sessionId", "s-1"));
        List<Handoff.Line> transcript = new ArrayList<>(List.of(new Handoff.Line(5, Handoff.CUSTOMER, "Mei", "hi")));
        Handoff handoff = new Handoff("rasa", "s-1", "key:bot", reference, null, null, transcript);

        reference.put("other", "x");
        transcript.clear();

        assertThat(handoff.reference()).containsOnlyKeys("sessionId");
        assertThat(handoff.transcript()).hasSize(1);
        assertThatThrownBy(() -> handoff.transcript().add(new Handoff.Line(0, Handoff.BOT, null, "x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> handoff.reference().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void handoff_withoutPlatformOrConversation_isRefused() {
        assertThatThrownBy(() -> new Handoff(null, "c", null, Map.of(), null, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("platform");
        assertThatThrownBy(() -> new Handoff("rasa", null, null, Map.of(), null, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("conversationId");
    }

    @Test
    void line_withoutSpeakerOrText_isRefused() {
        assertThatThrownBy(() -> new Handoff.Line(0, null, null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("speaker");
        assertThatThrownBy(() -> new Handoff.Line(0, Handoff.BOT, null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text");
    }
}
