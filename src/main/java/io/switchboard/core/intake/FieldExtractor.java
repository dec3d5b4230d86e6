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
 * introduced (订单号 13800138000 is an order number, not a phone number). At most
 * {@value #MAX_VALUES} distinct values are kept per field, and only the first {@value #MAX_SCAN}
 * characters of a text are read.
 */
public final class FieldExtractor {
    /** A text to read: its name on the ticket ({@code subject}, {@code description}, ...) and content. */
    public record Text(String name, String content) {}

    private record Found(FieldSpec spec, int textIndex, ValueFinder.Hit hit) {}

    /** Distinct values kept per field (the chosen one and up to 4 others): bounds the journaled event. */
    static final int MAX_VALUES = 5;
    /**
     * Characters read from the start of each text: customers state the facts early, the rest of a
     * long mail is mostly quoted history and signatures, and the scan runs on an event loop.
     */
    public static final int MAX_SCAN = 4_000;
    /** Compiled finders by field (the configured specs: a bounded set). */
    private static final java.util.concurrent.ConcurrentMap<FieldSpec, ValueFinder> FINDERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private FieldExtractor() {
    }

    /** Removes shape-only values that overlap a value another field's label introduced in the same text. */
    private static void dropShapesUnderOtherLabels(List<Found> found, List<FieldSpec> specs) {
        Map<String, java.util.TreeMap<Integer, Integer>> labelled = new java.util.HashMap<>();
        for (Found f : found) {
            if (f.hit().labelled()) {
                labelled.computeIfAbsent(f.textIndex() + " " + f.spec().name(), k -> new java.util.TreeMap<>())
                        .merge(f.hit().start(), f.hit().end(), Math::max);
            }
        }
        if (labelled.isEmpty()) {
            return;
        }
        found.removeIf(f -> {
            if (f.hit().labelled()) {
                return false;
            }
            for (FieldSpec other : specs) {
                java.util.TreeMap<Integer, Integer> spans = labelled.get(f.textIndex() + " " + other.name());
                if (other != f.spec() && spans != null && ValueFinder.overlaps(spans, f.hit().start(), f.hit().end())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The sources of every field in {@code specs} found in {@code texts}, by field, chosen one first. */
    public static Map<String, List<FieldSource>> extract(List<FieldSpec> specs, List<Text> texts) {
        List<Found> found = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            String content = texts.get(t).content();
            if (content == null || content.isEmpty()) {
                continue;
            }
            if (content.length() > MAX_SCAN) {
                content = content.substring(0, MAX_SCAN);
            }
            String links = TextForms.maskLinks(TextForms.fold(content));
            String plain = TextForms.maskMailboxes(links);
            for (FieldSpec spec : specs) {
                for (ValueFinder.Hit hit : FINDERS.computeIfAbsent(spec, ValueFinder::new).find(spec.kind() == FieldKind.EMAIL ? links : plain)) {
                    if (spec.accepts(hit.value())) {
                        found.add(new Found(spec, t, hit));
                    }
                }
            }
        }
        dropShapesUnderOtherLabels(found, specs);
        found.sort(Comparator.comparing((Found f) -> !f.hit().labelled()).thenComparingInt(Found::textIndex)
                .thenComparingInt(f -> f.hit().start()));
        Map<String, List<FieldSource>> out = new LinkedHashMap<>();
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (Found f : found) {
            String field = f.spec().name();
            Set<String> values = seen.computeIfAbsent(field, k -> new LinkedHashSet<>());
            if (values.size() >= MAX_VALUES || !values.add(f.hit().value())) {
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
