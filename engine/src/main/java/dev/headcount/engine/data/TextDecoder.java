package dev.headcount.engine.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes bytes as UTF-8 and falls back to ISO-8859-1 (which accepts any byte) for input that is
 * not valid UTF-8, counting the fallbacks so that a loader can warn about them.
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

    /** How many inputs were not valid UTF-8 and were read as ISO-8859-1. */
    public int fallbackCount() {
        return fallbacks.get();
    }

    /** Drops a leading byte-order mark, which Windows tools put before a TSV/CSV header. */
    public static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
