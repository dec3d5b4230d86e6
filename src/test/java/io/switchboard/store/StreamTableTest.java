package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream is found by its name's bytes wherever they lie, through the table's growth. */
class StreamTableTest {

    @Test
    void get_sameNameAtOtherOffsetsAfterGrowth_returnsTheSameStream() {
        StreamTable table = new StreamTable();
        List<StreamMarkers> first = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] name = ("agent:a-" + i).getBytes(StandardCharsets.UTF_8);
            first.add(table.get(name, 0, name.length));
        }

        for (int i = 0; i < 500; i++) {
            byte[] padded = ("xx" + "agent:a-" + i + "yy").getBytes(StandardCharsets.UTF_8);
            assertThat(table.get(padded, 2, padded.length - 4)).isSameAs(first.get(i));
        }
        List<StreamMarkers> all = new ArrayList<>();
        table.forEach(all::add);
        assertThat(all).hasSize(500).containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void get_namesThatDifferInOneByteOrInLength_areDifferentStreams() {
        StreamTable table = new StreamTable();
        byte[] names = "agent:abagent:acagent:a".getBytes(StandardCharsets.UTF_8);

        StreamMarkers ab = table.get(names, 0, 8);
        StreamMarkers ac = table.get(names, 8, 8);
        StreamMarkers a = table.get(names, 16, 7);

        assertThat(ab).isNotSameAs(ac).isNotSameAs(a);
        assertThat(ac).isNotSameAs(a);
        assertThat(table.get("agent:ab".getBytes(StandardCharsets.UTF_8), 0, 8)).isSameAs(ab);
    }
}
