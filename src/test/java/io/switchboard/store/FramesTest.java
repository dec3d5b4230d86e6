package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records left in the bytes of their file read as {@link Records#scan} reads them, and a kept
 * record copied as read is the frame {@link Records#frame} writes for its payload.
 */
class FramesTest {
    private static final List<String> PAYLOADS = List.of("first", "second record", "第三");

    @Test
    void of_cleanFile_seesThePayloadsScanSeesInPlace() {
        byte[] file = file(PAYLOADS);

        Frames frames = Frames.of(file);

        List<byte[]> scanned = Records.scan(ByteBuffer.wrap(file)).payloads();
        assertThat(frames.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(frames.bytes(i)).isSameAs(file);
            assertThat(Arrays.copyOfRange(file, frames.offset(i), frames.offset(i) + frames.length(i)))
                    .isEqualTo(scanned.get(i));
        }
        assertThat(frames.framedBytes()).isEqualTo(file.length);
        assertThat(frames.damage()).isNull();
    }

    @Test
    void copyFrame_recordsPickedFromTwoFiles_writesWhatFramingTheirPayloadsWrites() {
        Frames first = Frames.of(file(PAYLOADS));
        Frames second = Frames.of(file(List.of("fourth")));
        Frames picked = new Frames();
        picked.addRange(first, 2, 3);
        picked.addAll(second);
        picked.addRange(first, 0, 1);
        ByteBuffer copied = ByteBuffer.allocate(64);

        for (int i = 0; i < picked.size(); i++) {
            picked.copyFrame(i, copied);
        }

        assertThat(Arrays.copyOf(copied.array(), copied.position())).isEqualTo(file(List.of("第三", "fourth", "first")));
        assertThat(picked.framedBytes()).isEqualTo(copied.position());
        assertThat(picked.framedSize(1)).isEqualTo(Records.HEADER + 6);
    }

    @Test
    void of_damagedRecordInTheMiddle_stopsBeforeItAndDescribesItAsScanDoes() {
        byte[] file = file(PAYLOADS);
        file[Records.HEADER + 5 + Records.HEADER + 2] ^= 1; // a byte of the second payload

        Frames frames = Frames.of(file);

        assertThat(frames.size()).isEqualTo(1);
        assertThat(frames.damage()).isEqualTo(Records.scan(ByteBuffer.wrap(file)).damage())
                .isEqualTo("checksum mismatch in the record at offset 13");
    }

    private static byte[] file(List<String> payloads) {
        ByteBuffer file = ByteBuffer.allocate(256);
        for (String payload : payloads) {
            Records.frame(file, payload.getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.copyOf(file.array(), file.position());
    }
}
