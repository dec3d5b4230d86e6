package io.switchboard.core.ticket;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A conversation a chatbot handed over to people, as the bot platform described it: where it
 * came from ({@code platform}, the platform's own {@code conversationId}, the {@code integration}
 * that relayed it, and platform-specific references such as an account id or a service URL that
 * a reply needs), what the bot understood ({@code intent}, nullable), why it gave up
 * ({@code reason}, nullable) and what was said ({@code transcript}, oldest first). Detected
 * parameters (order numbers, ...) travel in the ticket's fields, not here.
 */
public record Handoff(String platform, String conversationId, String integration, Map<String, String> reference,
        String intent, String reason, List<Line> transcript) {

    /** Who spoke a transcript line. */
    public static final String CUSTOMER = "customer";
    public static final String BOT = "bot";
    public static final String AGENT = "agent";

    public Handoff {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(conversationId, "conversationId");
        reference = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(reference));
        transcript = List.copyOf(transcript);
    }

    /**
     * One message of the conversation: {@code at} is the time the platform gave it (epoch millis; 0
     * when the platform sent none), {@code speaker} one of {@link #CUSTOMER}, {@link #BOT},
     * {@link #AGENT}, {@code name} the speaker's display name (nullable).
     */
    public record Line(long at, String speaker, String name, String text) {
        public Line {
            Objects.requireNonNull(speaker, "speaker");
            Objects.requireNonNull(text, "text");
        }
    }
}
