package io.switchboard.config;

import io.switchboard.core.intake.FieldKind;
import io.switchboard.core.intake.FieldSpec;
import io.switchboard.core.intake.IntakeRules;
import io.switchboard.core.ticket.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The {@code intake} section: fields per ticket type and the channels that cannot be refused
 * (docs/configuration.md, "intake"). Only new tickets are checked, so changing it never affects
 * a restart: journaled tickets keep what was recorded for them.
 */
final class IntakeSection {
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private IntakeSection() {
    }

    static IntakeRules read(ConfigNode node) {
        node.onlyKeys(Set.of("lenientChannels", "types"));
        Set<Channel> lenient = IntakeRules.DEFAULT_LENIENT;
        ConfigNode channels = node.get("lenientChannels");
        if (!channels.isMissing()) {
            lenient = EnumSet.noneOf(Channel.class);
            for (ConfigNode item : channels.items()) {
                String name = item.string();
                lenient.add(Channel.parse(name).orElseThrow(() -> item.error("unknown channel '" + name
                        + "'; known: web, email, chat, wechat, voice, api")));
            }
        }
        Map<String, List<FieldSpec>> types = new LinkedHashMap<>();
        ConfigNode typesNode = node.get("types");
        if (!typesNode.isMissing()) {
            typesNode.entries().forEach((type, typeNode) -> {
                if (!ConfigLoader.NAME.matcher(type).matches()) {
                    throw typeNode.error("a ticket type is a lower-case name (max 64)");
                }
                typeNode.onlyKeys(Set.of("fields"));
                List<FieldSpec> fields = new ArrayList<>();
                typeNode.get("fields").entries().forEach((name, field) -> fields.add(field(name, field)));
                if (fields.isEmpty()) {
                    throw typeNode.get("fields").error("list at least one field");
                }
                types.put(type, List.copyOf(fields));
            });
        }
        return new IntakeRules(types, lenient);
    }

    private static FieldSpec field(String name, ConfigNode node) {
        if (!FIELD_NAME.matcher(name).matches()) {
            throw node.error("a field name is a letter then letters, digits or _ (max 64)");
        }
        node.onlyKeys(Set.of("kind", "required", "labels", "pattern"));
        String kindText = node.get("kind").string();
        FieldKind kind = FieldKind.parse(kindText).orElseThrow(() -> node.get("kind").error("unknown kind '"
                + kindText + "'; known: " + Arrays.stream(FieldKind.values()).map(FieldKind::wire)
                        .collect(Collectors.joining(", "))));
        ConfigNode labelsNode = node.get("labels");
        List<String> labels = labelsNode.isMissing() ? kind.defaultLabels() : labelsNode.strings();
        if (labels.stream().anyMatch(String::isBlank)) {
            throw labelsNode.error("labels must not be blank");
        }
        if (kind == FieldKind.TEXT && labels.isEmpty()) {
            throw node.get("labels").error("a text field is only taken after a label: list at least one");
        }
        Pattern pattern = null;
        ConfigNode patternNode = node.get("pattern");
        if (!patternNode.isMissing()) {
            try {
                pattern = Pattern.compile(patternNode.string());
            } catch (PatternSyntaxException e) {
                throw patternNode.error("not a valid regular expression: " + e.getDescription());
            }
        }
        return new FieldSpec(name, kind, node.get("required").bool(false), labels, pattern);
    }
}
