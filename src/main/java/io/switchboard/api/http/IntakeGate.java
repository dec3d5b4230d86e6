package io.switchboard.api.http;

import io.switchboard.api.MemberErrors;
import io.switchboard.core.intake.FieldExtractor;
import io.switchboard.core.intake.FieldSpec;
import io.switchboard.core.intake.IntakeCheck;
import io.switchboard.core.intake.IntakeRules;
import io.switchboard.engine.Command;
import io.switchboard.engine.Rejection.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the ticket type's fields ({@code intake} in the YAML) to a create request before it
 * reaches the engine: values found in the text join the draft's fields with their sources. A
 * required field found nowhere, or a supplied value its pattern refuses, is a 422
 * ({@code missing-fields}) on a channel that can refuse; on a lenient channel (e-mail, WeChat,
 * chatbot handoff by default) the ticket is created with {@code missingFields} instead.
 *
 * <p>Runs on the event loop: the subject (≤ 500 chars) and description (≤ 20,000) bound the work
 * (a few linear regular-expression scans). Stateless and thread-safe.
 */
public final class IntakeGate {
    /** A command to send, or the problem to answer instead. */
    public record Gated(Command.CreateTicket command, Problem problem) {}

    private final IntakeRules rules;

    public IntakeGate(IntakeRules rules) {
        this.rules = rules;
    }

    public Gated apply(Command.CreateTicket create) {
        return gate(create, IntakeCheck.check(rules, create.draft()), "the subject or description");
    }

    /**
     * As {@link #apply(Command.CreateTicket)}, extracting from {@code texts} (a chatbot handoff's
     * parameters and customer turns) instead of the subject and description; {@code where} names
     * them in a 422.
     */
    public Gated apply(Command.CreateTicket create, List<FieldExtractor.Text> texts, String where) {
        return gate(create, IntakeCheck.check(rules, create.draft(), texts), where);
    }

    private Gated gate(Command.CreateTicket create, IntakeCheck.Result result, String where) {
        boolean lenient = rules.lenientChannels().contains(create.draft().channel());
        if (!lenient && (!result.missing().isEmpty() || !result.invalid().isEmpty())) {
            List<FieldError> errors = new ArrayList<>();
            for (FieldSpec spec : rules.fieldsOf(create.draft().type())) {
                if (result.invalid().contains(spec.name())) {
                    errors.add(new FieldError("/fields/" + MemberErrors.escape(spec.name()), "does not match the pattern "
                            + spec.pattern().pattern() + " that ticket type '" + create.draft().type() + "' requires"));
                } else if (result.missing().contains(spec.name())) {
                    errors.add(new FieldError("/fields/" + MemberErrors.escape(spec.name()), "required for ticket type '"
                            + create.draft().type() + "' (" + spec.kind().wire()
                            + ") and not found in " + where));
                }
            }
            return new Gated(null, new Problem(422, "missing-fields", "Required fields missing",
                    "ticket type '" + create.draft().type() + "' needs: " + String.join(", ", names(errors)), errors));
        }
        return new Gated(new Command.CreateTicket(result.draft(), create.idempotencyKey(), create.fingerprint(),
                create.actor(), result.sources(), result.missing()), null);
    }

    private static List<String> names(List<FieldError> errors) {
        return errors.stream().map(e -> e.pointer().substring("/fields/".length())).toList();
    }
}
