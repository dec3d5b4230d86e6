package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channels.email.AttachmentSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttachmentSectionTest {
    private static final String MINIMAL = "skills: [billing]\nteams: [support]\nqueues:\n  - name: billing\n"
            + "    requiredSkills: {billing: 2}\n";

    private static AttachmentSettings read(String section) {
        return ConfigLoader.fromYaml(MINIMAL + section + "\n").channels().email().attachments();
    }

    @Test
    void attachments_omitted_contentNotStored() {
        AttachmentSettings a = ConfigLoader.fromYaml(MINIMAL).channels().email().attachments();
        assertThat(a.stores()).isFalse();
        assertThat(a.in(null)).as("nothing to store needs no directory").isEqualTo(a);
    }

    @Test
    void attachments_disk_readsLimitsAndTheDataDirIsTheDefaultPlace() {
        AttachmentSettings a = read("email: {attachments: {store: disk, maxBytes: 2048, maxTotalBytes: 4096}}");
        assertThat(a.stores()).isTrue();
        assertThat(a.maxBytes()).isEqualTo(2048);
        assertThat(a.maxTotalBytes()).isEqualTo(4096);
        assertThat(a.in(Path.of("/var/lib/sb")).dir()).isEqualTo(Path.of("/var/lib/sb/attachments"));
        assertThat(read("email: {attachments: {store: disk, dir: /srv/mail}}").in(null).dir())
                .isEqualTo(Path.of("/srv/mail"));
    }

    @Test
    void attachments_diskWithoutADataDirOrDir_refusedNamingTheKeyToSet() {
        AttachmentSettings a = read("email: {attachments: {store: disk}}");
        assertThatThrownBy(() -> a.in(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("email.attachments.dir").hasMessageContaining("Redis");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "email: {attachments: {store: s3}}|email.attachments.store",
        "email: {attachments: {store: disk, maxBytes: 0}}|email.attachments.maxBytes",
        "email: {attachments: {store: disk, maxBytes: 4096, maxTotalBytes: 1024}}|email.attachments.maxTotalBytes",
        "email: {attachments: {store: disk, path: /x}}|email.attachments.path",
    })
    void attachments_invalid_failsNamingTheKey(String section, String key) {
        assertThatThrownBy(() -> read(section)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
