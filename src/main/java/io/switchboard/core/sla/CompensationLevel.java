package io.switchboard.core.sla;

import java.math.BigDecimal;
import java.util.Objects;

/** Compensation owed once a ticket is {@code overdueMillis} past a deadline (e.g. 1 h → 10 CNY). */
public record CompensationLevel(long overdueMillis, BigDecimal amount, String currency) {
    public CompensationLevel {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}
