package io.switchboard.api.http;

import io.switchboard.api.handoff.HandoffRequest;
import io.switchboard.core.intake.FieldExtractor;
import io.switchboard.core.ticket.Handoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The texts a chatbot handoff's required fields are looked for in, in this order (an earlier text
 * wins a tie): each detected parameter the platform sent, as {@code "<its name in words>: <value>"}
 * named {@code parameters/<name>} (so {@code order_number = 20231105} reads as a labelled order
 * number; a field's source offsets index that text), then each customer turn of the transcript,
 * named {@code transcript/<index>} (the line's index in the ticket's {@code handoff.transcript}).
 * Bot and agent turns are not read: what the bot said is not what the customer stated.
 *
 * <p>The scan runs on the event loop: customer turns are read back from the newest until
 * {@value #MAX_CHARS} characters (as much as a ticket's description) are taken, so a 500-line
 * transcript costs no more than a long description; answers to the bot's questions are recent.
 */
final class HandoffTexts {
    static final int MAX_CHARS = 20_000;

    private HandoffTexts() {
    }

    static List<FieldExtractor.Text> of(HandoffRequest request) {
        List<FieldExtractor.Text> texts = new ArrayList<>();
        for (Map.Entry<String, String> parameter : request.draft().fields().entrySet()) {
            texts.add(new FieldExtractor.Text("parameters/" + parameter.getKey(),
                    words(parameter.getKey()) + ": " + parameter.getValue()));
        }
        List<Handoff.Line> transcript = request.handoff().transcript();
        int first = transcript.size();
        int budget = MAX_CHARS;
        while (first > 0 && budget > 0) {
            first--;
            Handoff.Line line = transcript.get(first);
            if (line.speaker().equals(Handoff.CUSTOMER)) {
                budget -= Math.min(line.text().length(), FieldExtractor.MAX_SCAN);
            }
        }
        for (int i = first; i < transcript.size(); i++) {
            if (transcript.get(i).speaker().equals(Handoff.CUSTOMER)) {
                texts.add(new FieldExtractor.Text("transcript/" + i, transcript.get(i).text()));
            }
        }
        return texts;
    }

    /** {@code order_number}, {@code orderNumber}, {@code order-number} → {@code order number}. */
    static String words(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[_.\\-]+", " ").trim();
    }
}
