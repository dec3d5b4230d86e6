package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import io.switchboard.history.PostgresTarget;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistorySettingsTest {
    @Test
    void from_unsetOrBlank_usesTheEmbeddedStore() {
        assertThat(HistorySettings.from(Map.of(), Path.of("d")).postgres()).isNull();
        assertThat(HistorySettings.from(Map.of("SWITCHBOARD_HISTORY_URL", "  "), Path.of("d")).postgres()).isNull();
    }

    @Test
    void parse_fullUrl_givesEveryPartDecoded() {
        PostgresTarget t = HistorySettings.parse("postgresql://sb%40ops:p%3Ass+w@db.example:6543/history");

        assertThat(t).isEqualTo(new PostgresTarget("db.example", 6543, "history", "sb@ops", "p:ss+w"));
        assertThat(t.toString()).isEqualTo("postgresql://db.example:6543/history").doesNotContain("p:ss");
    }

    @Test
    void parse_noPortNoPassword_defaultsTo5432AndNoPassword() {
        assertThat(HistorySettings.parse("postgres://sb@10.0.0.5/h"))
                .isEqualTo(new PostgresTarget("10.0.0.5", 5432, "h", "sb", null));
    }

    @Test
    void parse_invalidUrls_failNamingTheSettingWithoutThePassword() {
        for (String bad : new String[] {"mysql://u:secret@h/db", "postgresql://u:secret@h", "postgresql://u:secret@h/",
                "postgresql://:secret@h/db", "postgresql:///db", "postgresql://u:secret@h:5432/db?sslmode=x",
                "postgresql://u:secret@h/a/b", "not a url at all", "postgresql://u:secret@h:0/db"}) {
            assertThatThrownBy(() -> HistorySettings.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SWITCHBOARD_HISTORY_URL").hasMessageNotContaining("secret");
        }
    }
}
