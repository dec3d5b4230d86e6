package io.switchboard.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.intake.MailAttachment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentStoreTest {
    @TempDir
    Path root;

    private AttachmentStore store(int maxBytes, int maxTotal) {
        return new AttachmentStore(new AttachmentSettings(AttachmentSettings.Store.DISK, maxBytes, maxTotal,
                root.resolve("attachments")));
    }

    private static InboundMail mail(List<MailAttachment> listed, List<byte[]> contents) {
        return new InboundMail("m1@example.com", List.of(), "a@example.com", null, "s", "t", listed, null, contents);
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void select_limitsPerAttachmentAndPerMailAndSameContentOnce() {
        AttachmentStore store = store(100, 150);
        List<AttachmentStore.Kept> kept = store.select(mail(List.of(
                new MailAttachment("a.pdf", "application/pdf", 80), new MailAttachment("big.zip", "application/zip", 200),
                new MailAttachment("copy.pdf", "application/pdf", 80), new MailAttachment("b.txt", "text/plain", 60),
                new MailAttachment("c.txt", "text/plain", 60)),
                Arrays.asList(bytes(80, 'a'), null, bytes(80, 'a'), bytes(60, 'b'), bytes(60, 'c'))));

        assertThat(kept).extracting(k -> k.attachment().name()).containsExactly("a.pdf", "b.txt");
        assertThat(kept.get(0).attachment().id()).matches("[0-9a-f]{64}")
                .isEqualTo(AttachmentStore.sha256(bytes(80, 'a')));
    }

    @Test
    void write_hostileNames_neverReachTheFileSystem() throws IOException {
        AttachmentStore store = store(1000, 1000);
        byte[] content = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        List<AttachmentStore.Kept> kept = store.select(mail(List.of(
                new MailAttachment("../../../evil.html", "text/html", content.length)), List.of(content)));

        store.write("tkt_7", kept);
        store.write("tkt_7", kept);

        Path file = root.resolve("attachments/tkt_7/" + AttachmentStore.sha256(content));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).toList()).containsExactly(file);
        }
    }

    @Test
    void file_requestPathsThatCouldLeaveTheDirectory_null() {
        AttachmentStore store = store(1000, 1000);
        String id = AttachmentStore.sha256(new byte[] {1});
        assertThat(store.file("tkt_7", id)).isEqualTo(root.resolve("attachments/tkt_7/" + id).toAbsolutePath());
        assertThat(store.file("..", id)).isNull();
        assertThat(store.file("tkt_7/../../x", id)).isNull();
        assertThat(store.file("tkt_7", "../" + id)).isNull();
        assertThat(store.file("tkt_7", id.toUpperCase())).isNull();
        assertThat(store.file("tkt_7", "..")).isNull();
        assertThat(new AttachmentStore(AttachmentSettings.NONE).file("tkt_7", id)).as("store: none").isNull();
    }
}
