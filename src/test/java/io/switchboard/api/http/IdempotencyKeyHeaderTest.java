package io.switchboard.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyHeaderTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"k1\"|k1",
            "k1|k1",
            "`  \"k1\"  `|k1",
            "\"k1\";a=1;b|k1",
            "k1;a=?0|k1",
            "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "8e03978e-40d5-43e8-bc93-6894a57f9324|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "\"with space, comma; and \\\"quotes\\\" \\\\\"|with space, comma; and \"quotes\" \\",
            "urn:key/1|urn:key/1"})
    void parse_stringOrToken_givesTheKey(String header, String key) {
        IdempotencyKeyHeader.Parsed parsed = IdempotencyKeyHeader.parse(header);
        assertThat(parsed.error()).isNull();
        assertThat(parsed.key()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"open", "\"bad\\escape\"", "\"\"", "", "a b", "(k)", "k1, k2", "\"k1\" \"k2\"",
            "\"é\"", "\"tab\there\"", "k1;", "k1;A=1", "k1;a=", "=abc"})
    void parse_malformed_givesAnError(String header) {
        IdempotencyKeyHeader.Parsed parsed = IdempotencyKeyHeader.parse(header);
        assertThat(parsed.key()).isNull();
        assertThat(parsed.error()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void parse_absentOrTooLong() {
        assertThat(IdempotencyKeyHeader.parse(null)).isEqualTo(new IdempotencyKeyHeader.Parsed(null, null));
        assertThat(IdempotencyKeyHeader.parse("x".repeat(255)).key()).hasSize(255);
        assertThat(IdempotencyKeyHeader.parse("\"" + "x".repeat(256) + "\"").error()).contains("255");
    }
}
