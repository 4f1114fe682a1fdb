package dev.headcount.engine.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes bytes as UTF-8. Task files (TSV, CSV, JSON Lines) must be UTF-8: {@link #utf8} refuses other bytes with
 * the file, line and byte offset, since a silently re-read Latin-1 file would train on mojibake. Plain-text corpora
 * and e-mails, whose sources mix encodings, use {@link #decode}, which falls back to ISO-8859-1 (which accepts any
 * byte) and counts the fallbacks so that a loader can warn about them.
 */
public final class TextDecoder {
    private final AtomicInteger fallbacks = new AtomicInteger();

    public String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            fallbacks.incrementAndGet();
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The bytes as UTF-8, or a {@link DataFormatException} naming the line and byte offset of the first bad byte. */
    public static String utf8(byte[] bytes, Path file) throws DataFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            StringBuilder bad = new StringBuilder();
            for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, result.length())); i++) {
                bad.append(String.format("0x%02X ", bytes[i] & 0xff));
            }
            throw DataFormatException.at(file, line, "not UTF-8: byte offset " + offset + " holds " + bad.toString().strip()
                    + " (save the file as UTF-8)");
        }
        return out.flip().toString();
    }

    /** How many inputs were not valid UTF-8 and were read as ISO-8859-1. */
    public int fallbackCount() {
        return fallbacks.get();
    }

    /** Drops a leading byte-order mark, which Windows tools put before a TSV/CSV header. */
    public static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
