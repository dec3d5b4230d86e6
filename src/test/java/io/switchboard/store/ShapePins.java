package io.switchboard.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what a codec reads and writes with the pinned lines of {@code event-shapes.txt} and
 * says, for each difference, what the developer must do. The file is append-only history:
 *
 * <pre>
 * event &lt;tag&gt; &lt;version&gt; &lt;Type&gt; &lt;fingerprint&gt;   one per (tag, version) ever written
 * subtype &lt;Sealed&gt; &lt;tag&gt; &lt;Record&gt;                    nested sealed subtype tags
 * enum &lt;Enum&gt; &lt;code&gt; &lt;CONSTANT&gt;                       enum codes
 * </pre>
 */
final class ShapePins {
    private ShapePins() {}

    /** Every violation (empty = the codec keeps every pinned promise and everything it writes is pinned). */
    static List<String> violations(List<String> pinnedLines, EventCodec codec, EventTypes registry) {
        List<String> problems = new ArrayList<>();
        Map<String, EventCodec.Shape> shapes = new HashMap<>();
        for (EventCodec.Shape shape : codec.shapes()) {
            shapes.put(shape.tag() + "/" + shape.version(), shape);
        }
        Map<String, String> pinnedEvents = new HashMap<>();
        int highestPinnedTag = -1;
        List<String> pinnedCodes = new ArrayList<>();
        for (String raw : pinnedLines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "event" -> {
                    int tag = Integer.parseInt(f[1]);
                    highestPinnedTag = Math.max(highestPinnedTag, tag);
                    String key = tag + "/" + f[2];
                    pinnedEvents.put(key, line);
                    EventCodec.Shape shape = shapes.get(key);
                    if (shape == null) {
                        if (!registry.retired().contains(tag)) {
                            problems.add("pinned " + f[3] + " (tag " + tag + ") version " + f[2] + " is no longer read:"
                                    + " tags and versions are never removed; a removed type's tag goes to"
                                    + " EventTypes.RETIRED_TAGS, an old version keeps its legacy record");
                        }
                    } else if (!shape.type().equals(f[3])) {
                        problems.add("tag " + tag + " is pinned to " + f[3] + " but now means " + shape.type()
                                + ": a tag is never reused; give " + shape.type() + " the next free tag");
                    } else if (!shape.fingerprint().equals(f[4])) {
                        problems.add("the shape of " + f[3] + " version " + f[2] + " changed (" + f[4] + " -> "
                                + shape.fingerprint() + ", now " + shape.description() + "). Journals hold the old"
                                + " shape: bump the version of " + f[3] + " in EventTypes, add a legacy record"
                                + " store/legacy/" + f[3] + "V" + f[2] + " (a verbatim copy of the old record) with an"
                                + " upcaster (see the EventTypes class comment), and append the new line");
                    }
                }
                case "subtype", "enum" -> pinnedCodes.add(line);
                default -> problems.add("unreadable line in event-shapes.txt: " + line);
            }
        }
        for (EventCodec.Shape shape : codec.shapes()) {
            if (!pinnedEvents.containsKey(shape.tag() + "/" + shape.version())) {
                boolean appended = pinnedEvents.keySet().stream().anyMatch(k -> k.startsWith(shape.tag() + "/"))
                        || shape.tag() > highestPinnedTag;
                problems.add(appended
                        ? "not pinned yet, append to event-shapes.txt: event " + shape.line()
                        : "new type " + shape.type() + " takes tag " + shape.tag() + ", below the highest pinned tag "
                                + highestPinnedTag + ": new types take the next free tag (append only)");
            }
        }
        List<String> current = codeLines(registry);
        for (String pinned : pinnedCodes) {
            if (!current.contains(pinned)) {
                problems.add("pinned code '" + pinned + "' is gone or now means something else: codes are never"
                        + " removed, reordered or reused (append new constants and subtypes at the end)");
            }
        }
        for (String line : current) {
            if (!pinnedCodes.contains(line)) {
                problems.add("not pinned yet, append to event-shapes.txt: " + line);
            }
        }
        return problems;
    }

    /** The subtype and enum lines of a registry, in its order. */
    static List<String> codeLines(EventTypes registry) {
        List<String> lines = new ArrayList<>();
        registry.subtypes().entrySet().stream().sorted(Map.Entry.comparingByKey(
                java.util.Comparator.comparing(Class::getName))).forEach(e -> {
            for (int tag = 0; tag < e.getValue().size(); tag++) {
                lines.add("subtype " + e.getKey().getSimpleName() + " " + tag + " " + e.getValue().get(tag).getSimpleName());
            }
        });
        registry.enumCodes().entrySet().stream().sorted(Map.Entry.comparingByKey(
                java.util.Comparator.comparing(Class::getName))).forEach(e -> {
            for (int code = 0; code < e.getValue().size(); code++) {
                lines.add("enum " + e.getKey().getSimpleName() + " " + code + " " + e.getValue().get(code));
            }
        });
        return lines;
    }
}
