package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The record framing on real byte layouts: what a scan accepts, how it describes each kind of damage
 * and where it draws the line between a torn tail and damage with valid records after it.
 */
class RecordsTest {

    @Test
    void scan_cleanRecords_returnsEveryPayloadAndEndsAtTheFileEnd() {
        ByteBuffer file = file(framed("first"), framed("second record"));

        Records.Scan scan = Records.scan(file);

        assertThat(scan.payloads()).extracting(RecordsTest::text).containsExactly("first", "second record");
        assertThat(scan.validBytes()).isEqualTo(file.limit()).isEqualTo(8 + 5 + 8 + 13);
        assertThat(scan.damage()).isNull();
        assertThat(scan.tornTail()).isFalse();
    }

    @Test
    void frame_payload_isLengthThenCrc32cThenTheBytes() {
        byte[] payload = "abcd".getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(payload);

        ByteBuffer framed = framed("abcd");

        assertThat(Records.framedSize(payload)).isEqualTo(12);
        assertThat(framed.getInt(0)).isEqualTo(4);
        assertThat(framed.getInt(4)).isEqualTo((int) crc.getValue());
        assertThat(text(Records.scan(framed).payloads().get(0))).isEqualTo("abcd");
    }

    @Test
    void scan_fourBytePayload_isTheSmallestRecordRead() {
        assertThat(Records.scan(framed("1234")).payloads()).hasSize(1);

        Records.Scan three = Records.scan(framed("123"));

        assertThat(three.payloads()).isEmpty();
        assertThat(three.damage()).isEqualTo("implausible record length 3 at offset 0");
        assertThat(three.tornTail()).isTrue();
    }

    @Test
    void scan_fewerBytesThanAHeaderAtTheEnd_isATornTailNamingTheBytesLeft() {
        ByteBuffer file = file(framed("kept"), ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 1, 2, 3}));

        Records.Scan scan = Records.scan(file);

        assertThat(scan.payloads()).extracting(RecordsTest::text).containsExactly("kept");
        assertThat(scan.validBytes()).isEqualTo(12);
        assertThat(scan.damage()).isEqualTo("incomplete record header (7 bytes) at offset 12");
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void scan_recordLongerThanTheBytesLeft_saysHowManyItNeedsAndHowManyRemain() {
        ByteBuffer cut = framed("a payload of 26 characters");
        cut.limit(cut.limit() - 6);

        Records.Scan scan = Records.scan(cut);

        assertThat(scan.damage()).isEqualTo("record at offset 0 needs 26 bytes, only 20 remain");
        assertThat(scan.validBytes()).isZero();
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void scan_lengthsAroundTheMaximum_largerIsImplausibleTheMaximumMerelyMissing() {
        ByteBuffer tooLong = ByteBuffer.allocate(16).putInt(0, Records.MAX_RECORD + 1);
        ByteBuffer longest = ByteBuffer.allocate(16).putInt(0, Records.MAX_RECORD);

        assertThat(Records.scan(tooLong).damage()).isEqualTo("implausible record length 67108865 at offset 0");
        assertThat(Records.scan(longest).damage()).isEqualTo("record at offset 0 needs 67108864 bytes, only 8 remain");
    }

    @Test
    void scan_checksumMismatchFollowedByAValidRecord_isDamageNotATornTail() {
        ByteBuffer bad = framed("flipped");
        bad.put(10, (byte) (bad.get(10) ^ 1));
        ByteBuffer file = file(framed("okay"), bad, framed("after"));

        Records.Scan scan = Records.scan(file);

        assertThat(scan.payloads()).extracting(RecordsTest::text).containsExactly("okay");
        assertThat(scan.validBytes()).isEqualTo(12);
        assertThat(scan.damage()).isEqualTo("checksum mismatch in the record at offset 12");
        assertThat(scan.tornTail()).as("a valid record follows").isFalse();
    }

    @Test
    void scan_checksumMismatchInTheLastRecord_isATornTail() {
        ByteBuffer bad = framed("flipped");
        bad.put(9, (byte) (bad.get(9) ^ 1));

        Records.Scan scan = Records.scan(file(framed("okay"), bad));

        assertThat(scan.damage()).isEqualTo("checksum mismatch in the record at offset 12");
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void scan_validRecordJustInsideTheResyncWindow_isFoundSoTheDamageIsNotATornTail() {
        // damage at offset 0; the window covers offsets 1 .. 1 MiB
        Records.Scan scan = Records.scan(file(ByteBuffer.wrap(new byte[1024 * 1024]), framed("found")));

        assertThat(scan.damage()).isEqualTo("implausible record length 0 at offset 0");
        assertThat(scan.tornTail()).isFalse();
    }

    @Test
    void scan_validRecordJustPastTheResyncWindow_isNotLookedForSoTheDamageIsATornTail() {
        Records.Scan scan = Records.scan(file(ByteBuffer.wrap(new byte[1024 * 1024 + 1]), framed("too far")));

        assertThat(scan.damage()).isEqualTo("implausible record length 0 at offset 0");
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void scan_emptyFile_isClean() {
        Records.Scan scan = Records.scan(ByteBuffer.allocate(0));

        assertThat(scan.payloads()).isEmpty();
        assertThat(scan.validBytes()).isZero();
        assertThat(scan.damage()).isNull();
        assertThat(scan.tornTail()).isFalse();
    }

    private static ByteBuffer framed(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(Records.framedSize(payload));
        Records.frame(buffer, payload);
        return buffer.flip();
    }

    private static ByteBuffer file(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
