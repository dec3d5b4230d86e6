package io.switchboard.core.intake;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field a ticket type knows: its name in the ticket's {@code fields}, its kind, whether a
 * ticket of the type needs it, the words that introduce it in text ({@code labels}, never empty
 * for {@link FieldKind#TEXT}: text is only taken after a label) and an optional {@code pattern}
 * every value must match in full (a supplied or an extracted one; nullable).
 */
public record FieldSpec(String name, FieldKind kind, boolean required, List<String> labels, Pattern pattern) {
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
    }

    /** A field with its kind's default labels and no pattern. */
    public static FieldSpec of(String name, FieldKind kind, boolean required) {
        return new FieldSpec(name, kind, required, kind.defaultLabels(), null);
    }

    /** True when {@code value} may stand as this field's value. */
    public boolean accepts(String value) {
        return pattern == null || pattern.matcher(value).matches();
    }
}
