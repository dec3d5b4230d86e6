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
    void mintedOfferSeq_onlyTheEnginesOwnSpelling_findsASeq() {
        assertThat(Ids.mintedOfferSeq("ofr_7")).isEqualTo(7);
        assertThat(Ids.mintedOfferSeq("ofr_0")).isZero();
        assertThat(Ids.mintedOfferSeq(Ids.offer(123_456_789_012L))).isEqualTo(123_456_789_012L);
        for (String other : new String[] {"ofr_", "ofr_07", "ofr_+7", "ofr_7x", "tkt_7", "OFR_7", "ofr_1234567890123456789"}) {
            assertThat(Ids.mintedOfferSeq(other)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void retention_zeroArchivesAtOnceNegativeNever() {
        assertThat(new Retention(0).archives()).isTrue();
        assertThat(new Retention(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS).archives()).isTrue();
        assertThat(Retention.NEVER.archives()).isFalse();
        assertThat(Retention.DEFAULT_ARCHIVE_AFTER_MILLIS).isEqualTo(7L * 24 * 3600 * 1000);
    }
}
