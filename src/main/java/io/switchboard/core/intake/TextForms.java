package io.switchboard.core.intake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms of a customer text that extraction reads. Every form has the original's length, one
 * char for one char, so an offset found in a form is the same offset in the original text.
 * <ul>
 * <li>{@link #fold}: full-width ASCII (U+FF01–U+FF5E, as Chinese input methods type 订单号：Ａ－１００１)
 *     and the ideographic space become their ASCII forms.
 * <li>{@link #maskLinks}: URLs become spaces, so an order number or phone inside a link is not
 *     mistaken for one the customer wrote.
 * <li>{@link #maskMailboxes}: e-mail addresses become spaces, for every kind but e-mail
 *     ({@code 13800138000@qq.com} is an address, not a phone number).
 * </ul>
 */
final class TextForms {
    private static final Pattern LINK = Pattern.compile(
            "(?i)(?:\\b(?:https?|ftp)://|\\bwww\\.)[^\\s<>\"'，。；、）)\\]】]+");
    static final Pattern MAILBOX = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    private TextForms() {
    }

    static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = (char) (c - 0xFEE0);
            } else if (c == '\u3000') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    static String maskLinks(String text) {
        return mask(text, LINK);
    }

    static String maskMailboxes(String text) {
        return mask(text, MAILBOX);
    }

    private static String mask(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        char[] chars = text.toCharArray();
        do {
            for (int i = m.start(); i < m.end(); i++) {
                chars[i] = ' ';
            }
        } while (m.find());
        return new String(chars);
    }
}
