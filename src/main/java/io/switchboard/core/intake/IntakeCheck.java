package io.switchboard.core.intake;

import io.switchboard.core.ticket.TicketDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a draft against its type's fields ({@link IntakeRules}): a value the client supplied in
 * {@code fields} stands (if it matches the field's pattern), the others are extracted from the
 * subject and description, and required fields found nowhere are missing. Pure: the adapter runs
 * it before the draft reaches the engine, which records the outcome as events.
 */
public final class IntakeCheck {
    /**
     * The draft with the extracted values added to its {@code fields}; where they came from; the
     * required fields still missing; the supplied values refused by their pattern (field names).
     */
    public record Result(TicketDraft draft, List<FieldSource> sources, List<String> missing, List<String> invalid) {
        public Result {
            sources = List.copyOf(sources);
            missing = List.copyOf(missing);
            invalid = List.copyOf(invalid);
        }

        /** True when the ticket lacks a required field (the channel must ask the customer). */
        public boolean needsInfo() {
            return !missing.isEmpty();
        }
    }

    private IntakeCheck() {
    }

    /** Checks the draft, extracting from its subject and description. */
    public static Result check(IntakeRules rules, TicketDraft draft) {
        return check(rules, draft, List.of(new FieldExtractor.Text("subject", draft.subject()),
                new FieldExtractor.Text("description", draft.description())));
    }

    /**
     * Checks the draft, extracting from {@code texts} (in the order given: an earlier text wins a
     * tie, see {@link FieldExtractor}) instead of its subject and description.
     */
    public static Result check(IntakeRules rules, TicketDraft draft, List<FieldExtractor.Text> texts) {
        List<FieldSpec> specs = rules.fieldsOf(draft.type());
        if (specs.isEmpty()) {
            return new Result(draft, List.of(), List.of(), List.of());
        }
        Map<String, String> fields = new LinkedHashMap<>(draft.fields());
        List<String> invalid = new ArrayList<>();
        List<FieldSpec> wanted = new ArrayList<>();
        for (FieldSpec spec : specs) {
            String supplied = fields.get(spec.name());
            if (supplied == null || supplied.isBlank()) {
                wanted.add(spec);
            } else if (!spec.accepts(supplied)) {
                invalid.add(spec.name());
                fields.remove(spec.name());
                wanted.add(spec);
            }
        }
        Map<String, List<FieldSource>> found = FieldExtractor.extract(wanted, texts);
        List<FieldSource> sources = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (FieldSpec spec : wanted) {
            List<FieldSource> candidates = found.get(spec.name());
            if (candidates != null) {
                fields.put(spec.name(), candidates.get(0).value());
                sources.addAll(candidates);
            } else if (spec.required()) {
                missing.add(spec.name());
            }
        }
        TicketDraft completed = new TicketDraft(draft.channel(), draft.priority(), draft.customer(), draft.type(),
                draft.subject(), draft.description(), draft.requiredSkills(), draft.language(), draft.tags(), fields,
                draft.queue());
        return new Result(completed, sources, missing, invalid);
    }
}
