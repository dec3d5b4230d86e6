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
 *     with its decoded size; the content is kept only when asked ({@link #parse(byte[], long)}).
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
        return parse(raw, 0);
    }

    /**
     * As {@link #parse(byte[])}, keeping the decoded content of each attachment of at most
     * {@code keepUpTo} bytes in {@link InboundMail#contents()} (0: none).
     */
    public InboundMail parse(byte[] raw, long keepUpTo) {
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
            return read(message, keepUpTo);
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

    private static InboundMail read(Message message, long keepUpTo) {
        MailboxList from = message.getFrom();
        Mailbox mailbox = from == null || from.isEmpty() ? null : from.get(0);
        String sender = mailbox == null ? null : mailbox.getAddress().toLowerCase(Locale.ROOT);
        String name = mailbox == null ? null : blankToNull(mailbox.getName());
        String subject = header(message, "Subject");
        String messageId = firstId(header(message, "Message-ID"));
        LinkedHashSet<String> thread = new LinkedHashSet<>();
        thread.addAll(ids(header(message, "In-Reply-To")));
        thread.addAll(ids(header(message, "References")));
        Parts parts = new Parts(keepUpTo);
        walk(message, parts);
        String text = parts.plain != null ? parts.plain : parts.html != null ? HtmlText.of(parts.html) : "";
        return new InboundMail(messageId, new ArrayList<>(thread), sender, name, subject == null ? "" : subject.strip(),
                text.strip(), parts.attachments, automatic(message, sender), parts.contents);
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
        final long keepUpTo;
        String plain;
        String html;
        final List<MailAttachment> attachments = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();

        Parts(long keepUpTo) {
            this.keepUpTo = keepUpTo;
        }

        void add(String name, String type, Content content) {
            attachments.add(new MailAttachment(name, type, content.size()));
            contents.add(content.bytes());
        }
    }

    /** A part's decoded size, and its bytes when kept (null otherwise). */
    private record Content(long size, byte[] bytes) {}

    private static void walk(Entity entity, Parts parts) {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                walk(part, parts);
            }
            return;
        }
        if (body instanceof Message embedded) {
            parts.add(entity.getFilename(), "message/rfc822", content(embedded, parts.keepUpTo));
            return;
        }
        String type = entity.getMimeType().toLowerCase(Locale.ROOT);
        boolean attachment = entity.getFilename() != null || "attachment".equalsIgnoreCase(entity.getDispositionType());
        if (!attachment && body instanceof TextBody textBody && type.equals("text/plain") && parts.plain == null) {
            parts.plain = read(textBody);
        } else if (!attachment && body instanceof TextBody textBody && type.equals("text/html") && parts.html == null) {
            parts.html = read(textBody);
        } else if (body instanceof SingleBody single) {
            parts.add(filename(entity), type, content(single, parts.keepUpTo));
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

    /** The part's size; its bytes too when it has at most {@code keepUpTo} (never more is buffered). */
    private static Content content(SingleBody body, long keepUpTo) {
        try (InputStream in = body.getInputStream()) {
            if (keepUpTo <= 0) {
                return new Content(in.transferTo(java.io.OutputStream.nullOutputStream()), null);
            }
            byte[] head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, keepUpTo + 1));
            if (head.length <= keepUpTo) {
                return new Content(head.length, head);
            }
            return new Content(head.length + in.transferTo(java.io.OutputStream.nullOutputStream()), null);
        } catch (IOException e) {
            throw new MalformedMail("a part cannot be read: " + e.getMessage());
        }
    }

    private static Content content(Message embedded, long keepUpTo) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new org.apache.james.mime4j.message.DefaultMessageWriter().writeMessage(embedded, out);
            return new Content(out.size(), out.size() <= keepUpTo ? out.toByteArray() : null);
        } catch (IOException e) {
            return new Content(0, null);
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
