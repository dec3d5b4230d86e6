package io.switchboard.channels.email;

import io.switchboard.core.intake.MailAttachment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Parses a raw RFC 5322 message with Apache James mime4j into an {@link InboundMail}. Blocking
 * and CPU-bound: call it from a worker thread, never an event loop. Thread-safe (a builder per call).
 *
 * <ul>
 * <li>Charsets: the labels {@code gb2312}, {@code gbk}, {@code x-gbk}, {@code cp936} are decoded
 *     as GB18030 (mail clients label GBK text gb2312, and Java's GB2312 is strict EUC-CN, which
 *     drops characters), in bodies and in encoded-word headers alike; unknown charsets fall back
 *     to UTF-8 rather than failing.
 * <li>Text: the first text/plain part not marked as an attachment; else the first text/html
 *     part reduced to text by {@link HtmlText}.
 * <li>Attachments: every other leaf part with a file name or an attachment disposition, listed
 *     with its decoded size; the content is not kept.
 * <li>Automatic mail (RFC 3834 {@code Auto-Submitted} other than {@code no}; {@code Precedence:
 *     bulk/junk/list}; {@code X-Autoreply}/{@code X-Autorespond}; a delivery report
 *     {@code multipart/report}; a null {@code Return-Path}; From MAILER-DAEMON or postmaster) is
 *     marked so the caller never opens a ticket for it nor answers it.
 * </ul>
 * Limits: {@code maxBytes} of content, 200 parts, nesting 10, 1,000 header fields per part.
 */
public final class MailParser {
    private static final Map<Charset, Charset> HEADER_CHARSETS = Map.of(
            Charset.forName("GB2312"), Charset.forName("GB18030"),
            Charset.forName("GBK"), Charset.forName("GB18030"));
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final long maxBytes;

    public MailParser(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The mail, or {@link MalformedMail} when it cannot be read as a message. */
    public InboundMail parse(byte[] raw) {
        MimeConfig config = MimeConfig.custom().setMaxContentLen(maxBytes).setMaxLineLen(-1)
                .setMaxHeaderCount(1000).setMaxHeaderLen(64 * 1024).setMaxPartCount(200).setMaxNestingDepth(10)
                .build();
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(config);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setBodyFactory(new ChineseAwareBodies());
        Message message;
        try {
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException | RuntimeException e) {
            throw new MalformedMail("the message cannot be parsed: " + e.getMessage());
        }
        try {
            return read(message);
        } finally {
            message.dispose();
        }
    }

    /** The body is not a readable RFC 5322 message. */
    public static final class MalformedMail extends RuntimeException {
        MalformedMail(String message) {
            super(message, null, false, false);
        }
    }

    private static InboundMail read(Message message) {
        MailboxList from = message.getFrom();
        Mailbox mailbox = from == null || from.isEmpty() ? null : from.get(0);
        String sender = mailbox == null ? null : mailbox.getAddress().toLowerCase(Locale.ROOT);
        String name = mailbox == null ? null : blankToNull(mailbox.getName());
        String subject = header(message, "Subject");
        String messageId = firstId(header(message, "Message-ID"));
        LinkedHashSet<String> thread = new LinkedHashSet<>();
        thread.addAll(ids(header(message, "In-Reply-To")));
        thread.addAll(ids(header(message, "References")));
        Parts parts = new Parts();
        walk(message, parts);
        String text = parts.plain != null ? parts.plain : parts.html != null ? HtmlText.of(parts.html) : "";
        return new InboundMail(messageId, new ArrayList<>(thread), sender, name, subject == null ? "" : subject.strip(),
                text.strip(), parts.attachments, automatic(message, sender));
    }

    private static String automatic(Message message, String sender) {
        String auto = header(message, "Auto-Submitted");
        if (auto != null && !auto.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return "auto_submitted";
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && Set3.PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "precedence_" + precedence.strip().toLowerCase(Locale.ROOT);
        }
        if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null) {
            return "auto_reply";
        }
        if ("multipart/report".equalsIgnoreCase(message.getMimeType())) {
            return "delivery_report";
        }
        String returnPath = header(message, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "null_return_path";
        }
        if (sender != null && (sender.startsWith("mailer-daemon@") || sender.startsWith("postmaster@"))) {
            return "mailer_daemon";
        }
        return null;
    }

    private static final class Set3 {
        static final java.util.Set<String> PRECEDENCE = java.util.Set.of("bulk", "junk", "list");
    }

    private static final class Parts {
        String plain;
        String html;
        final List<MailAttachment> attachments = new ArrayList<>();
    }

    private static void walk(Entity entity, Parts parts) {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                walk(part, parts);
            }
            return;
        }
        if (body instanceof Message embedded) {
            parts.attachments.add(new MailAttachment(entity.getFilename(), "message/rfc822", size(embedded)));
            return;
        }
        String type = entity.getMimeType().toLowerCase(Locale.ROOT);
        boolean attachment = entity.getFilename() != null || "attachment".equalsIgnoreCase(entity.getDispositionType());
        if (!attachment && body instanceof TextBody textBody && type.equals("text/plain") && parts.plain == null) {
            parts.plain = read(textBody);
        } else if (!attachment && body instanceof TextBody textBody && type.equals("text/html") && parts.html == null) {
            parts.html = read(textBody);
        } else if (body instanceof SingleBody single) {
            parts.attachments.add(new MailAttachment(filename(entity), type, size(single)));
        }
    }

    private static String filename(Entity entity) {
        String name = entity.getFilename();
        return name == null ? null : DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT,
                StandardCharsets.UTF_8, HEADER_CHARSETS);
    }

    private static String read(TextBody body) {
        try (Reader reader = body.getReader()) {
            StringWriter out = new StringWriter();
            reader.transferTo(out);
            return out.toString().replace("\r\n", "\n");
        } catch (IOException e) {
            throw new MalformedMail("a text part cannot be read: " + e.getMessage());
        }
    }

    private static long size(SingleBody body) {
        try (InputStream in = body.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new MalformedMail("a part cannot be read: " + e.getMessage());
        }
    }

    private static long size(Message embedded) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new org.apache.james.mime4j.message.DefaultMessageWriter().writeMessage(embedded, out);
            return out.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A header's value with encoded words decoded (GBK labels as GB18030), or null when absent. */
    private static String header(Message message, String name) {
        Field field = message.getHeader() == null ? null : message.getHeader().getField(name);
        if (field == null || field.getBody() == null) {
            return null;
        }
        return DecoderUtil.decodeEncodedWords(field.getBody(), DecodeMonitor.SILENT, StandardCharsets.UTF_8,
                HEADER_CHARSETS);
    }

    private static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null) {
            return ids;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String firstId(String value) {
        List<String> ids = ids(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Decodes GBK-family labels as GB18030 and unknown charsets as UTF-8. */
    private static final class ChineseAwareBodies extends BasicBodyFactory {
        ChineseAwareBodies() {
            super(true);
        }

        @Override
        protected Charset resolveCharset(String name) throws UnsupportedEncodingException {
            if (name == null) {
                return StandardCharsets.US_ASCII;
            }
            String label = name.strip().toLowerCase(Locale.ROOT);
            if (label.equals("gb2312") || label.equals("gbk") || label.equals("x-gbk") || label.equals("cp936")
                    || label.equals("gb_2312-80") || label.equals("euc-cn")) {
                return Charset.forName("GB18030");
            }
            try {
                return Charset.forName(label);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }

}
