package io.switchboard.core.intake;

/**
 * Where an extracted field value came from, so an agent sees it in context: {@code source} names
 * the text ({@code subject}, {@code description}; {@code message} for a later customer message;
 * {@code parameters/<name>} or {@code transcript/<index>} for a chatbot handoff), {@code start} and {@code end}
 * delimit {@code text} in it (UTF-16 offsets, end exclusive, as JavaScript's {@code slice} takes
 * them) and {@code value} is the normalised value. {@code chosen} is false for a further,
 * different candidate that was not taken (two order numbers in one message): see
 * {@link FieldExtractor} for the rule.
 */
public record FieldSource(String field, String value, String source, int start, int end, String text,
        boolean chosen) {}
