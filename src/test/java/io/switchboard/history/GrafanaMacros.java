package io.switchboard.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana's PostgreSQL datasource does to a panel's SQL before it runs it, for the reports
 * board's test: first the dashboard's template variables ({@code $name}, {@code ${name}}, single
 * values inserted as they are, as the SQL datasources do), then {@code $__interval_ms} and
 * {@code $__interval}, then the macros, as documented in Grafana's PostgreSQL query editor page
 * ("Macros") and implemented by its {@code postgresMacroEngine} (pkg/tsdb/grafana-postgresql-datasource/
 * macros.go): a macro is {@code $__name(args)} with no {@code )} inside the arguments, which are
 * split on commas and trimmed; {@code $__timeFilter(c)} is {@code c BETWEEN 'from' AND 'to'} (RFC
 * 3339 in UTC), {@code $__timeGroup(c,'5m')} is {@code floor(extract(epoch from c)/300)*300}, and a
 * {@code $__timeGroup} directly followed by a comma gains {@code AS "time"} (the pre-5.3
 * compatibility rule). TimescaleDB's {@code time_bucket} form and fill modes are not modelled:
 * the board uses neither. An unknown macro fails, as in Grafana.
 */
final class GrafanaMacros {
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    /** Go's time.RFC3339Nano: seconds, then the fraction without trailing zeros, then Z. */
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ISO_INSTANT;

    private GrafanaMacros() {}

    static String expand(String sql, Map<String, String> variables, Duration interval, Instant from, Instant to) {
        String out = sql;
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed()); // $bucketSize before $bucket
        for (String name : names) {
            out = out.replace("${" + name + "}", variables.get(name)).replace("$" + name, variables.get(name));
        }
        out = out.replace("$__interval_ms", String.valueOf(interval.toMillis()))
                .replace("$__interval", intervalText(interval));
        String source = out;
        Matcher m = MACRO.matcher(out);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("__timeGroup")) {
                int after = source.indexOf(m.group()) + m.group().length();
                if (after < source.length() && source.charAt(after) == ',') {
                    name = "__timeGroupAlias";
                }
            }
            List<String> args = new ArrayList<>();
            for (String a : m.group(2).split(",", -1)) {
                args.add(a.strip());
            }
            m.appendReplacement(result, Matcher.quoteReplacement(macro(name, args, from, to)));
        }
        m.appendTail(result);
        return result.toString();
    }

    private static String macro(String name, List<String> args, Instant from, Instant to) {
        return switch (name) {
            case "__time" -> column(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + column(name, args) + ") as \"time\"";
            case "__timeFilter" -> column(name, args) + " BETWEEN '" + RFC3339_NANO.format(from) + "' AND '"
                    + RFC3339_NANO.format(to) + "'";
            case "__timeFrom" -> "'" + RFC3339_NANO.format(from) + "'";
            case "__timeTo" -> "'" + RFC3339_NANO.format(to) + "'";
            case "__timeGroup" -> "floor(extract(epoch from " + column(name, args) + ")/" + seconds(name, args) + ")*"
                    + seconds(name, args);
            case "__timeGroupAlias" -> macro("__timeGroup", args, from, to) + " AS \"time\"";
            case "__unixEpochFilter" -> column(name, args) + " >= " + from.getEpochSecond() + " AND " + args.get(0)
                    + " <= " + to.getEpochSecond();
            case "__unixEpochNanoFilter" -> column(name, args) + " >= " + nanos(from) + " AND " + args.get(0) + " <= "
                    + nanos(to);
            case "__unixEpochNanoFrom" -> String.valueOf(nanos(from));
            case "__unixEpochNanoTo" -> String.valueOf(nanos(to));
            case "__unixEpochGroup" -> "floor((" + column(name, args) + ")/" + seconds(name, args) + ")*"
                    + seconds(name, args);
            case "__unixEpochGroupAlias" -> macro("__unixEpochGroup", args, from, to) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro \"" + name + "\"");
        };
    }

    private static String column(String name, List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro " + name);
        }
        return args.get(0);
    }

    /** The interval argument ('5m', '1d') in seconds, printed as Go's %v prints a float64. */
    private static String seconds(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("macro " + name + " needs time column and interval");
        }
        double s = parseInterval(args.get(1).replace("'", "")).toMillis() / 1000.0;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /** Grafana's gtime.ParseInterval: a number and a unit, d/w/M/y besides Go's ms/s/m/h. */
    static Duration parseInterval(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("error parsing interval " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    private static String intervalText(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
