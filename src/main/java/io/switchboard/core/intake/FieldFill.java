package io.switchboard.core.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the required fields a ticket still lacks from a later customer text (a follow-up mail, a
 * WeChat message, {@code POST /v1/tickets/{id}/messages}), with the extraction intake uses
 * ({@link FieldExtractor}). Only the missing fields are looked for: a value the ticket already has
 * never changes. Pure and stateless.
 */
public final class FieldFill {
    /**
     * {@code values}: field name → the value found (the chosen source's); {@code sources}: where
     * they came from (chosen ones and other candidates); {@code missing}: the required fields still
     * missing afterwards, in the order given.
     */
    public record Result(Map<String, String> values, List<FieldSource> sources, List<String> missing) {
        public Result {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            sources = List.copyOf(sources);
            missing = List.copyOf(missing);
        }

        /** True when the text supplied at least one missing value. */
        public boolean filledAny() {
            return !values.isEmpty();
        }
    }

    private FieldFill() {
    }

    /**
     * Looks for the {@code missing} fields of ticket type {@code type} in {@code text}, named
     * {@code source} in the sources. A missing field the configuration no longer knows (the type
     * or the field was removed) stays missing: nothing can be extracted for it.
     */
    public static Result fill(IntakeRules rules, String type, List<String> missing, String source, String text) {
        List<FieldSpec> wanted = new ArrayList<>();
        for (FieldSpec spec : rules.fieldsOf(type)) {
            if (missing.contains(spec.name())) {
                wanted.add(spec);
            }
        }
        Map<String, List<FieldSource>> found = wanted.isEmpty() || text == null || text.isEmpty() ? Map.of()
                : FieldExtractor.extract(wanted, List.of(new FieldExtractor.Text(source, text)));
        Map<String, String> values = new LinkedHashMap<>();
        List<FieldSource> sources = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (String name : missing) {
            List<FieldSource> candidates = found.get(name);
            if (candidates == null) {
                still.add(name);
            } else {
                values.put(name, candidates.get(0).value());
                sources.addAll(candidates);
            }
        }
        return new Result(values, sources, still);
    }
}
