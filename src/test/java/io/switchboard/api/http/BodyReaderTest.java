package io.switchboard.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written NAME and ID checks accept exactly what their patterns match. */
class BodyReaderTest {
    private static final String ALPHABET = "azAZ09_.-@:/ é\uD83D\uDE00\u0000";

    @Test
    void fits_randomAndBoundaryTexts_sameAnswerAsThePattern() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> fixed = List.of("", "a", "A", "0", "_a", "-", "a-", "a_b.c-d", "a@b:c", "Ab", "é", "a b",
                "a".repeat(64), "a".repeat(65), "a".repeat(128), "a".repeat(129), "a\uD83D\uDE00", "x@".repeat(64));
        for (Pattern pattern : List.of(BodyReader.NAME, BodyReader.ID, BodyReader.LANGUAGE)) {
            for (String text : fixed) {
                assertThat(BodyReader.fits(pattern, text)).as("%s on '%s'", pattern, text)
                        .isEqualTo(pattern.matcher(text).matches());
            }
            for (int i = 0; i < 50_000; i++) {
                int length = random.nextInt(4) == 0 ? random.nextInt(60, 135) : random.nextInt(0, 8);
                StringBuilder text = new StringBuilder(length);
                for (int c = 0; c < length; c++) {
                    text.append(random.nextInt(3) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                            : (char) random.nextInt('0', 'z' + 1));
                }
                assertThat(BodyReader.fits(pattern, text.toString())).as("%s on '%s'", pattern, text)
                        .isEqualTo(pattern.matcher(text).matches());
            }
        }
    }
}
