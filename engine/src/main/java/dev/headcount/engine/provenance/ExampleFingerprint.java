package dev.headcount.engine.provenance;

import dev.headcount.engine.data.Example;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * SHA-256 over a canonical encoding of examples, in the order given: the same examples in the same order give
 * the same digest on any machine; one changed character, label or position changes it.
 *
 * <p>The encoding (version 1): the ASCII bytes {@code headcount-examples/1}, then per example
 * <ul>
 *   <li>{@code textA}: its UTF-8 length as a 4-byte big-endian int, then the bytes;</li>
 *   <li>{@code textB}: the int {@code -1} when absent, else length and bytes as for textA;</li>
 *   <li>{@code label}: 4-byte big-endian int;</li>
 *   <li>{@code target}: the 8 bytes of {@link Double#doubleToLongBits} (one NaN for every NaN).</li>
 * </ul>
 * Lengths before the text keep ("ab", "c") and ("a", "bc") apart.
 */
public final class ExampleFingerprint {
    static final byte[] HEADER = "headcount-examples/1".getBytes(StandardCharsets.US_ASCII);

    private ExampleFingerprint() {
    }

    public static String of(List<Example> examples) {
        MessageDigest sha = Digests.sha256();
        sha.update(HEADER);
        ByteBuffer number = ByteBuffer.allocate(8);
        for (Example example : examples) {
            text(sha, number, example.textA());
            text(sha, number, example.textB());
            sha.update(number.clear().putInt(example.label()).array(), 0, 4);
            sha.update(number.clear().putLong(Double.doubleToLongBits(example.target())).array(), 0, 8);
        }
        return Digests.hex(sha.digest());
    }

    /** Lines of text (a corpus as the command line reads it): each line as {@link Example#text}. */
    public static String ofTexts(List<String> texts) {
        return of(texts.stream().map(Example::text).toList());
    }

    private static void text(MessageDigest sha, ByteBuffer number, String text) {
        if (text == null) {
            sha.update(number.clear().putInt(-1).array(), 0, 4);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(number.clear().putInt(bytes.length).array(), 0, 4);
        sha.update(bytes);
    }
}
