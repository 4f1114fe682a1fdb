package dev.headcount.engine.data;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.nio.charset.Charset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * The text a classifier should see of an RFC-822 e-mail: the subject without the tags and reply
 * prefixes that give the corpus away, then the start of the decoded body (multipart, quoted-printable
 * and base64 decoded by Jakarta Mail; HTML reduced to its text by jsoup).
 */
public final class EmailText {
    public static final int MAX_CHARS = 1_000;

    /** Mailing-list tags ([SAtalk], [ILUG]) and trailing ids ([abc123]): any short bracketed chunk. */
    private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]{0,40}\\]");
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(?i)(re|fw|fwd|aw)\\s*(\\(\\d+\\))?\\s*:\\s*");
    /** Trailing ids such as "  8732jd9s", "  #4521" or "  8403ZmSX2-110-12": long numbers, or letter-digit runs with a digit. */
    private static final Pattern TRAILING_ID = Pattern.compile(
            "\\s+[#(]?(\\d{4,}|(?=[A-Za-z-]*\\d)(?=[A-Za-z0-9-]{6,}\\)?\\s*$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*)\\)?\\s*$");
    /** Mailman footers start with a rule of underscores and name the list: they are a giveaway of ham. */
    private static final Pattern LIST_FOOTER = Pattern.compile("\\n_{20,}\\s*\\n.*", Pattern.DOTALL);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final TextDecoder decoder;
    /** Parts are decoded separately so that {@link #decoder} counts files, not parts. */
    private final TextDecoder partDecoder = new TextDecoder();
    private int truncatedMultiparts;
    private int lenientBase64Parts;

    public EmailText(TextDecoder decoder) {
        this.decoder = decoder;
    }

    /** How many multiparts could not be parsed (usually a missing closing boundary) and were read as empty. */
    public int truncatedMultiparts() {
        return truncatedMultiparts;
    }

    public String of(byte[] raw) throws IOException {
        // decoding the whole file once counts the files that are not UTF-8
        decoder.decode(raw);
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(withoutMboxFromLine(raw)));
            String subject = cleanSubject(message.getSubject() == null ? "" : message.getSubject());
            String body = LIST_FOOTER.matcher(bodyText(message)).replaceFirst("");
            String text = (subject + "\n" + body).replaceAll("\\s+", " ").strip();
            return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
        } catch (MessagingException e) {
            throw new IOException("cannot parse the e-mail: " + e.getMessage(), e);
        }
    }

    static String cleanSubject(String subject) {
        String s = BRACKETED.matcher(subject).replaceAll(" ").strip();
        String previous;
        do {
            previous = s;
            s = REPLY_PREFIX.matcher(s).replaceFirst("").strip();
            s = TRAILING_ID.matcher(s).replaceFirst("").strip();
        } while (!s.equals(previous));
        return s.replaceAll("\\s+", " ");
    }

    private String bodyText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) content(part);
            if (multipart == null) return "";
            String html = null;
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (isAttachment(child)) continue;
                if (part.isMimeType("multipart/alternative") && child.isMimeType("text/html")) {
                    html = bodyText(child);
                    continue;
                }
                text.append(bodyText(child)).append('\n');
            }
            return text.toString().isBlank() && html != null ? html : text.toString();
        }
        if (part.isMimeType("message/rfc822")) {
            Object nested = content(part);
            return nested instanceof Part p ? bodyText(p) : "";
        }
        if (part.isMimeType("text/*")) {
            String text = textOf(part);
            boolean looksHtml = part.isMimeType("text/html") || text.regionMatches(true, 0, "<html", 0, 5)
                    || text.toLowerCase(java.util.Locale.ROOT).contains("<body");
            return looksHtml ? Jsoup.parse(text).text() : text;
        }
        return ""; // images, attachments
    }

    /** Reads the raw header: spam often has dispositions with unquoted spaces that the strict parser rejects. */
    private static boolean isAttachment(Part part) throws MessagingException {
        String[] disposition = part.getHeader("Content-Disposition");
        return disposition != null && disposition[0].strip().toLowerCase(java.util.Locale.ROOT).startsWith(Part.ATTACHMENT);
    }

    private Object content(Part part) throws MessagingException, IOException {
        try {
            return part.getContent();
        } catch (MessagingException | IOException broken) {
            // a multipart without its closing boundary, as spam often has: treat as empty rather than fail the corpus
            if (part.isMimeType("multipart/*")) {
                truncatedMultiparts++;
                return null;
            }
            throw broken;
        }
    }

    /** The declared charset when Java knows it; else the decoded bytes as UTF-8 or ISO-8859-1. */
    private String textOf(Part part) throws MessagingException, IOException {
        if (part instanceof MimePart mime && "base64".equalsIgnoreCase(mime.getEncoding())) {
            return decodeWithDeclaredCharset(part, base64Body(mime));
        }
        try {
            Object content = part.getContent();
            if (content instanceof String s) return s;
        } catch (UnsupportedEncodingException unknownCharset) {
            // falls through to the raw bytes below
        }
        try (InputStream in = part.getInputStream()) {
            return partDecoder.decode(in.readAllBytes());
        }
    }

    private String decodeWithDeclaredCharset(Part part, byte[] bytes) throws MessagingException {
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        } catch (ParseException unparseableContentType) {
            // no usable charset: decode as UTF-8 or ISO-8859-1 below
        }
        if (charset != null && Charset.isSupported(MimeUtility.javaCharset(charset))) {
            return new String(bytes, Charset.forName(MimeUtility.javaCharset(charset)));
        }
        return partDecoder.decode(bytes);
    }

    /**
     * Base64 lines up to the first line that is not base64: mailing lists append their footer to
     * base64 bodies, which a strict decoder either rejects or turns into garbage. An incomplete
     * final group is dropped.
     */
    private byte[] base64Body(MimePart part) throws MessagingException, IOException {
        StringBuilder base64 = new StringBuilder();
        boolean junkAfterBody = false;
        try (InputStream raw = part instanceof MimeMessage m ? m.getRawInputStream() : ((MimeBodyPart) part).getRawInputStream()) {
            for (String line : new String(raw.readAllBytes(), StandardCharsets.US_ASCII).split("\\r?\\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) continue;
                if (!trimmed.matches("[A-Za-z0-9+/=]+")) {
                    junkAfterBody = true;
                    break;
                }
                base64.append(trimmed);
            }
        }
        if (junkAfterBody || base64.length() % 4 != 0) lenientBase64Parts++;
        int usable = base64.length() - base64.length() % 4;
        return Base64.getMimeDecoder().decode(base64.substring(0, usable));
    }

    /** How many base64 bodies had trailing junk (usually a list footer) and were decoded up to it. */
    public int lenientBase64Parts() {
        return lenientBase64Parts;
    }

    /** The corpus keeps the mbox "From " envelope line, which is not an RFC-822 header. */
    private static byte[] withoutMboxFromLine(byte[] raw) {
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            int newline = 0;
            while (newline < raw.length && raw[newline] != '\n') newline++;
            return java.util.Arrays.copyOfRange(raw, Math.min(newline + 1, raw.length), raw.length);
        }
        return raw;
    }
}
