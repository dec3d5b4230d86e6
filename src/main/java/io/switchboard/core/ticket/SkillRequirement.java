package io.switchboard.core.ticket;

import java.util.Objects;

/** A skill a ticket needs, at a minimum proficiency level 1–5. */
public record SkillRequirement(String name, int level) {
    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 5;

    public SkillRequirement {
        Objects.requireNonNull(name, "name");
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("skill level must be 1..5: " + level);
        }
    }
}
