package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A name keeps its number wherever its bytes lie and through the table's growth; numbers are dense. */
class NameNumbersTest {

    @Test
    void number_sameNameAtOtherOffsetsAfterGrowth_keepsItsNumber() {
        NameNumbers names = new NameNumbers();
        for (int i = 0; i < 500; i++) {
            byte[] name = ("agent:a-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(names.number(name, 0, name.length)).isEqualTo(i);
        }

        for (int i = 0; i < 500; i++) {
            byte[] padded = ("xx" + "agent:a-" + i + "yy").getBytes(StandardCharsets.UTF_8);
            assertThat(names.number(padded, 2, padded.length - 4)).isEqualTo(i);
        }
        assertThat(names.size()).isEqualTo(500);
    }

    @Test
    void number_namesThatDifferInOneByteOrInLength_differ() {
        NameNumbers names = new NameNumbers();
        byte[] bytes = "agent:abagent:acagent:a".getBytes(StandardCharsets.UTF_8);

        assertThat(names.number(bytes, 0, 8)).isEqualTo(0);
        assertThat(names.number(bytes, 8, 8)).isEqualTo(1);
        assertThat(names.number(bytes, 16, 7)).isEqualTo(2);
        assertThat(names.number("agent:ab")).isEqualTo(0);
        assertThat(names.number("person:李雷")).isEqualTo(3);
        byte[] utf8 = "person:李雷".getBytes(StandardCharsets.UTF_8);
        assertThat(names.number(utf8, 0, utf8.length)).isEqualTo(3);
    }
}
