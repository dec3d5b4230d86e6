package io.switchboard.core.intake;

import io.switchboard.core.ticket.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured fields per ticket type ({@code intake.types}) and the channels whose intake
 * cannot be refused ({@code intake.lenientChannels}: a mail or a WeChat message arrives whatever
 * it lacks, so a ticket is opened that asks for the missing fields instead of a 422).
 */
public record IntakeRules(Map<String, List<FieldSpec>> types, Set<Channel> lenientChannels) {
    public static final Set<Channel> DEFAULT_LENIENT = Set.of(Channel.EMAIL, Channel.WECHAT, Channel.CHAT);
    public static final IntakeRules NONE = new IntakeRules(Map.of(), DEFAULT_LENIENT);

    public IntakeRules {
        types = Map.copyOf(types);
        lenientChannels = Set.copyOf(lenientChannels);
    }

    /** The fields of {@code type} (none for an unknown or null type). */
    public List<FieldSpec> fieldsOf(String type) {
        return type == null ? List.of() : types.getOrDefault(type, List.of());
    }
}
