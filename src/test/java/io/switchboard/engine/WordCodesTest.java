package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Codes for repeated words: stable, null as 0, and a table that stops growing instead of dropping words. */
class WordCodesTest {
    @Test
    void code_sameWordTwice_sameCodeAndWordBack() {
        WordCodes codes = new WordCodes(4, 8);

        int offer = codes.code("offer");
        int assigned = codes.code("assigned");

        assertThat(codes.code(new String("offer"))).isEqualTo(offer);
        assertThat(offer).isPositive().isNotEqualTo(assigned);
        assertThat(codes.word(offer)).isEqualTo("offer");
        assertThat(codes.code(null)).isZero();
        assertThat(codes.word(0)).isNull();
    }

    @Test
    void code_tableFullOrWordTooLong_refusedButKnownWordsStillCoded() {
        WordCodes codes = new WordCodes(2, 8);
        int a = codes.code("a");
        codes.code("b");

        assertThat(codes.code("c")).isEqualTo(-1);
        assertThat(new WordCodes(2, 8).code("ninechars")).isEqualTo(-1);
        assertThat(codes.code("a")).isEqualTo(a);
        assertThat(codes.size()).isEqualTo(2);
    }

    @Test
    void code_manyWords_growsToTheCapacity() {
        WordCodes codes = new WordCodes(1_000, 8);
        for (int i = 0; i < 1_000; i++) {
            assertThat(codes.code("w" + i)).isEqualTo(i + 1);
        }

        assertThat(codes.code("w1000")).isEqualTo(-1);
        assertThat(codes.word(1_000)).isEqualTo("w999");
    }
}
