package io.switchboard.core.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pulls field values out of customer texts (subject, description, messages), keeping where each
 * came from. Pure and stateless; the same texts give the same result.
 *
 * <p>Which value a field takes when the texts hold several (the documented rule): a value a label
 * introduced (订单号 A-1001) beats one found by its shape alone; then the earlier text (subject
 * before description); then the earlier position. The other, different values stay as sources
 * with {@code chosen = false}, so an agent sees that the customer named two order numbers. A
 * value found by its shape alone is dropped where it overlaps a value another field's label
 * introduced (订单号 13800138000 is an order number, not a phone number).
 */
public final class FieldExtractor {
    /** A text to read: its name on the ticket ({@code subject}, {@code description}, ...) and content. */
    public record Text(String name, String content) {}

    private record Found(FieldSpec spec, int textIndex, ValueFinder.Hit hit) {}

    private FieldExtractor() {
    }

    /** The sources of every field in {@code specs} found in {@code texts}, by field, chosen one first. */
    public static Map<String, List<FieldSource>> extract(List<FieldSpec> specs, List<Text> texts) {
        List<Found> found = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            String content = texts.get(t).content();
            if (content == null || content.isEmpty()) {
                continue;
            }
            String links = TextForms.maskLinks(TextForms.fold(content));
            String plain = TextForms.maskMailboxes(links);
            for (FieldSpec spec : specs) {
                for (ValueFinder.Hit hit : new ValueFinder(spec).find(spec.kind() == FieldKind.EMAIL ? links : plain)) {
                    if (spec.accepts(hit.value())) {
                        found.add(new Found(spec, t, hit));
                    }
                }
            }
        }
        found.removeIf(f -> !f.hit().labelled() && found.stream().anyMatch(o -> o.hit().labelled()
                && o.spec() != f.spec() && o.textIndex() == f.textIndex()
                && o.hit().start() < f.hit().end() && f.hit().start() < o.hit().end()));
        found.sort(Comparator.comparing((Found f) -> !f.hit().labelled()).thenComparingInt(Found::textIndex)
                .thenComparingInt(f -> f.hit().start()));
        Map<String, List<FieldSource>> out = new LinkedHashMap<>();
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (Found f : found) {
            String field = f.spec().name();
            if (!seen.computeIfAbsent(field, k -> new LinkedHashSet<>()).add(f.hit().value())) {
                continue;
            }
            Text text = texts.get(f.textIndex());
            List<FieldSource> sources = out.computeIfAbsent(field, k -> new ArrayList<>());
            sources.add(new FieldSource(field, f.hit().value(), text.name(), f.hit().start(), f.hit().end(),
                    text.content().substring(f.hit().start(), f.hit().end()), sources.isEmpty()));
        }
        return out;
    }
}
