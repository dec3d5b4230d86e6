package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Minted ids read back to their sequence numbers, and what each retention archives. */
class IdsAndRetentionTest {
    @Test
    void ids_mintedFromASequence_prefixedAndReadBack() {
        assertThat(Ids.ticket(42)).isEqualTo("tkt_42");
        assertThat(Ids.offer(7)).isEqualTo("ofr_7");
        assertThat(Ids.sequenceOf(Ids.ticket(42))).isEqualTo(42);
        assertThat(Ids.sequenceOf(Ids.offer(1_234_567_890_123L))).isEqualTo(1_234_567_890_123L);
    }

    @Test
    void retention_zeroArchivesAtOnceNegativeNever() {
        assertThat(new Retention(0).archives()).isTrue();
        assertThat(new Retention(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS).archives()).isTrue();
        assertThat(Retention.NEVER.archives()).isFalse();
        assertThat(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS).isEqualTo(7L * 24 * 3600 * 1000);
    }
}
