package io.switchboard.core.intake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the values of one field in a folded, masked text ({@link TextForms}) and writes them in
 * their normal form:
 * <ul>
 * <li>order number: after a label (订单号 A-1001, order #20231105), letters (up to 4), an optional
 *     dash and 3–20 digits; without a label only the shape {@code AB-1234} (capitals, dash, digits).
 *     Written as typed, capitals kept.
 * <li>phone: a mainland mobile (1[3-9] and 9 digits, spaces or dashes between the groups, an
 *     optional +86/0086/86), a landline with area code (010-12345678), or an international
 *     number with {@code +}; never part of a longer digit run. Mobiles are written as 11 digits,
 *     others without separators.
 * <li>e-mail: an address; the domain in lower case.
 * <li>amount: a number with a currency before (¥ ￥ RMB CNY $ US$ USD HK$ HKD € EUR) or after
 *     (元 块 人民币 RMB CNY yuan USD dollars EUR euros); written {@code 128.50 CNY} (¥ and 元 are yuan).
 * <li>date: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, March 5, 2026, 5 March 2026; written ISO
 *     ({@code 2026-03-05}); impossible dates are skipped.
 * <li>device model: after a label (型号：iPhone 15 Pro, model RT-AX88U), a token of letters,
 *     digits and {@code +._-}, optionally after a short Chinese brand, and the following tokens
 *     that start with a capital or a digit (or Pro, Max, Plus, Ultra, Mini, Lite, Note).
 * <li>text: after a label, up to the end of the sentence or line (200 characters at most).
 * </ul>
 * Labels match case-insensitively; an English label must not run on into a word ("ordered").
 */
final class ValueFinder {
    /** A value found: its span in the text and whether a label introduced it. */
    record Hit(int start, int end, String value, boolean labelled) {}

    private static final String FILLER = "\\s*(?:是|为|is|was|:|#|=|：)?\\s*";
    // Neither may stop inside a longer code: "INV-2026-0042" is no order number "INV-2026".
    private static final String ORDER = "[A-Za-z]{0,4}-?\\d{3,20}(?![A-Za-z0-9]|-[A-Za-z0-9])";
    private static final Pattern ORDER_SHAPE =
            Pattern.compile("(?<![A-Za-z0-9-])[A-Z]{1,4}-\\d{3,20}(?![A-Za-z0-9]|-[A-Za-z0-9])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d+])(?:"
                    + "(?:(?:\\+|00)?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}"
                    + "|0\\d{2,3}-\\d{7,8}"
                    + "|\\+\\d{1,3}[\\s-]?\\d{1,4}(?:[\\s-]?\\d{2,4}){2,4}"
                    + ")(?!\\d)");
    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?)";
    private static final Pattern AMOUNT_BEFORE = Pattern.compile(
            "(?i)(¥|￥|RMB|CNY|US\\$|USD|HK\\$|HKD|\\$|€|EUR)\\s?" + NUMBER + "(?![\\d.,]\\d)");
    private static final Pattern AMOUNT_AFTER = Pattern.compile(
            "(?i)(?<![\\d.,])" + NUMBER + "\\s?(元|块钱|块|人民币|RMB|CNY|yuan|USD|dollars?|EUR|euros?)(?![A-Za-z])");
    private static final Map<String, String> CURRENCIES = Map.ofEntries(Map.entry("¥", "CNY"),
            Map.entry("￥", "CNY"), Map.entry("rmb", "CNY"), Map.entry("cny", "CNY"), Map.entry("元", "CNY"),
            Map.entry("块", "CNY"), Map.entry("块钱", "CNY"), Map.entry("人民币", "CNY"), Map.entry("yuan", "CNY"),
            Map.entry("$", "USD"), Map.entry("us$", "USD"), Map.entry("usd", "USD"), Map.entry("dollar", "USD"),
            Map.entry("dollars", "USD"), Map.entry("hk$", "HKD"), Map.entry("hkd", "HKD"), Map.entry("€", "EUR"),
            Map.entry("eur", "EUR"), Map.entry("euro", "EUR"), Map.entry("euros", "EUR"));
    private static final Pattern DATE_NUMERIC = Pattern.compile(
            "(?<!\\d)(\\d{4})(?:[-/.](\\d{1,2})[-/.](\\d{1,2})|年\\s?(\\d{1,2})\\s?月\\s?(\\d{1,2})\\s?[日号]?)(?!\\d)");
    private static final String MONTHS = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
    private static final Pattern DATE_MONTH_FIRST = Pattern.compile(
            "(?i)\\b" + MONTHS + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
    private static final Pattern DATE_DAY_FIRST = Pattern.compile(
            "(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTHS + ",?\\s+(\\d{4})\\b");
    private static final List<String> MONTH_NAMES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final String MODEL = "(?:[\\u4e00-\\u9fff]{1,4}\\s?)?[A-Za-z0-9][A-Za-z0-9+._-]*"
            + "(?: (?:[A-Z0-9][A-Za-z0-9+._-]*|Pro|Max|Plus|Ultra|Mini|mini|Lite|Note))*";
    private static final String TEXT = "[^\\n\\r.。;；!！?？]{1,200}";

    private final FieldSpec spec;
    private final Pattern labelled;

    ValueFinder(FieldSpec spec) {
        this.spec = spec;
        String value = switch (spec.kind()) {
            case ORDER_NUMBER -> ORDER;
            case DEVICE_MODEL -> MODEL;
            case TEXT -> TEXT;
            default -> null;
        };
        this.labelled = value == null || spec.labels().isEmpty() ? null
                : Pattern.compile("(?i)" + labels(spec.labels()) + FILLER + "((?-i:" + value + "))");
    }

    /** Every value in {@code text} (folded and masked), in text order. */
    List<Hit> find(String text) {
        List<Hit> hits = new ArrayList<>();
        if (labelled != null) {
            Matcher m = labelled.matcher(text);
            while (m.find()) {
                String value = m.group(1).strip();
                int start = m.start(1);
                hits.add(new Hit(start, start + value.length(), value, true));
            }
        }
        switch (spec.kind()) {
            case ORDER_NUMBER -> unlabelled(text, ORDER_SHAPE, hits, m -> m.group());
            case PHONE -> unlabelled(text, PHONE, hits, m -> phone(m.group()));
            case EMAIL -> unlabelled(text, TextForms.MAILBOX, hits, m -> mailbox(m.group()));
            case AMOUNT -> {
                unlabelled(text, AMOUNT_BEFORE, hits, m -> amount(m.group(2), m.group(1)));
                unlabelled(text, AMOUNT_AFTER, hits, m -> amount(m.group(1), m.group(2)));
            }
            case DATE -> {
                unlabelled(text, DATE_NUMERIC, hits, m -> m.group(2) != null
                        ? date(m.group(1), m.group(2), m.group(3)) : date(m.group(1), m.group(4), m.group(5)));
                unlabelled(text, DATE_MONTH_FIRST, hits, m -> date(m.group(3), month(m.group(1)), m.group(2)));
                unlabelled(text, DATE_DAY_FIRST, hits, m -> date(m.group(3), month(m.group(2)), m.group(1)));
            }
            default -> {
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        return hits;
    }

    /** Adds the pattern's values that overlap no hit already found (spans kept by start: O(log n) a check). */
    private static void unlabelled(String text, Pattern pattern, List<Hit> into,
            java.util.function.Function<Matcher, String> normal) {
        java.util.TreeMap<Integer, Integer> taken = new java.util.TreeMap<>();
        into.forEach(h -> taken.put(h.start(), h.end()));
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String value = normal.apply(m);
            if (value != null && !overlaps(taken, m.start(), m.end())) {
                into.add(new Hit(m.start(), m.end(), value, false));
                taken.put(m.start(), m.end());
            }
        }
    }

    /** True when [start, end) overlaps a span of {@code spans} (start → end, not overlapping each other). */
    static boolean overlaps(java.util.TreeMap<Integer, Integer> spans, int start, int end) {
        Map.Entry<Integer, Integer> before = spans.floorEntry(start);
        if (before != null && before.getValue() > start) {
            return true;
        }
        Integer next = spans.ceilingKey(start);
        return next != null && next < end;
    }

    /** Longest label first, so 订单号 wins over 订单; an English label may not run on into a word. */
    private static String labels(List<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder out = new StringBuilder("(?:");
        for (int i = 0; i < sorted.size(); i++) {
            String label = sorted.get(i);
            out.append(i == 0 ? "" : "|");
            boolean word = Character.isLetterOrDigit(label.charAt(0)) && label.charAt(0) < 128;
            out.append(word ? "(?<![A-Za-z])" : "").append(Pattern.quote(label));
            char last = label.charAt(label.length() - 1);
            out.append(last < 128 && Character.isLetter(last) ? "(?![A-Za-z])" : "");
        }
        return out.append(")").toString();
    }

    private static String phone(String raw) {
        String digits = raw.replaceAll("[\\s-]", "");
        String national = digits.replaceFirst("^(?:\\+86|0086|86)(?=1[3-9]\\d{9}$)", "");
        if (national.matches("1[3-9]\\d{9}")) {
            return national;
        }
        return digits.startsWith("00") ? "+" + digits.substring(2) : digits;
    }

    private static String mailbox(String raw) {
        int at = raw.lastIndexOf('@');
        return raw.substring(0, at + 1) + raw.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String amount(String number, String currency) {
        BigDecimal value = new BigDecimal(number.replace(",", "")).setScale(2, RoundingMode.UNNECESSARY);
        return value.toPlainString() + " " + CURRENCIES.get(currency.toLowerCase(Locale.ROOT));
    }

    private static String month(String name) {
        return String.valueOf(MONTH_NAMES.indexOf(name.toLowerCase(Locale.ROOT).substring(0, 3)) + 1);
    }

    private static String date(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)).toString();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
