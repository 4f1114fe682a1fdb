package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmailTextTest {

    @Test
    void subjectsLoseListTagsReplyPrefixesAndTrailingIds() {
        assertEquals("Spam filtering works", EmailText.cleanSubject("Re: [SAtalk] Re: Spam filtering works"));
        assertEquals("Kernel question", EmailText.cleanSubject("[ILUG] FW: Fwd: Kernel question"));
        assertEquals("Lose weight now!", EmailText.cleanSubject("Lose weight now! [abc123]"));
        assertEquals("Your account", EmailText.cleanSubject("Your account   1732hJkl9"));
        assertEquals("Free money", EmailText.cleanSubject("Free money 20384"));
        assertEquals("You Only THINK You're U.S. Citizen!!", EmailText.cleanSubject("You Only THINK You're U.S. Citizen!! 8403ZmSX2-110-12"));
        assertEquals("Meeting at 10", EmailText.cleanSubject("Meeting at 10"));
        assertEquals("Upgrade to Red Hat", EmailText.cleanSubject("Upgrade to Red Hat"));
    }

    @Test
    void multipartAlternativePrefersPlainTextAndDecodesQuotedPrintable() throws IOException {
        String raw = """
                From someone@example.com  Wed Dec  4 11:52:36 2002
                Subject: [ILUG] Re: Caf=E9 meeting
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="XYZ"

                --XYZ
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                See you at the caf=E9 at noon.
                --XYZ
                Content-Type: text/html

                <html><body><p>See you at the <b>caf&eacute;</b></p></body></html>
                --XYZ--
                """;
        TextDecoder decoder = new TextDecoder();
        assertEquals("Caf=E9 meeting See you at the café at noon.", new EmailText(decoder).of(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void base64HtmlIsReducedToTextAndListFooterDropped() throws IOException {
        String html = java.util.Base64.getMimeEncoder().encodeToString(
                "<html><head><style>p{}</style></head><body><p>Buy <b>now</b>!</p><script>x()</script></body></html>".getBytes(StandardCharsets.UTF_8));
        String raw = "Subject: =?utf-8?q?Great_offer?=\n"
                + "Content-Type: text/html; charset=utf-8\n"
                + "Content-Transfer-Encoding: base64\n\n" + html + "\n";
        assertEquals("Great offer Buy now!", new EmailText(new TextDecoder()).of(raw.getBytes(StandardCharsets.US_ASCII)));

        String withFooter = "Subject: hello\n\nBody text here.\n\n_______________________________________________\nSpamassassin-talk mailing list\n";
        assertEquals("hello Body text here.", new EmailText(new TextDecoder()).of(withFooter.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void base64BodyWithAppendedFooterIsDecodedUpToIt() throws IOException {
        String body = java.util.Base64.getMimeEncoder().encodeToString("Cheap pills here".getBytes(StandardCharsets.UTF_8));
        String raw = "Subject: pills\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + body + "\n\n\nSpamassassin-talk\n";
        EmailText emailText = new EmailText(new TextDecoder());
        assertEquals("pills Cheap pills here", emailText.of(raw.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, emailText.lenientBase64Parts());
    }
}
