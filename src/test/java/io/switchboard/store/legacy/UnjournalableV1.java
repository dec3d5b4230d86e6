package io.switchboard.store.legacy;

import java.util.Optional;

/** Test-only legacy shapes the codec has no encoding for: it must refuse them when built, not when reading. */
public final class UnjournalableV1 {
    private UnjournalableV1() {
    }

    public record WithOptional(long at, Optional<String> note) {}

    public record WithChar(long at, char initial) {}

    /** A record that contains itself through a list: described once, then as "(recursive)". */
    public record Node(String name, java.util.List<Node> children) {}

    /** The same record twice side by side: each described in full (neither is inside the other). */
    public record TwoNodes(long at, Node left, Node right) {}
}
