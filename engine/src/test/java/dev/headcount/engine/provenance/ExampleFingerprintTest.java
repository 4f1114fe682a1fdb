package dev.headcount.engine.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.headcount.engine.data.Example;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleFingerprintTest {
    private static final List<Example> EXAMPLES = List.of(Example.single("Héllo wörld.", 1),
            Example.regression("A premise", "a hypothesis", 3.5));

    /** Values from Python's hashlib over the encoding the class documents (struct.pack('>i', …) etc.). */
    @Test
    void matchesTheDocumentedEncodingHashedIndependently() {
        assertEquals("c7e746ab66c4a1c0da4dcdaea43a5ffbb31d6b78e82d8fcd939c1530a0056ba3", ExampleFingerprint.of(EXAMPLES));
        assertEquals("27be00cd74ef8bbc7cf40f2147d52c4452613b5f8532c1443c2bba039b3f0683", ExampleFingerprint.of(List.of()));
    }

    @Test
    void sameExamplesSameDigest() {
        List<Example> copy = List.of(new Example("Héllo wörld.", null, 1, Double.NaN),
                new Example("A premise", "a hypothesis", Example.NO_LABEL, 3.5));
        assertEquals(ExampleFingerprint.of(EXAMPLES), ExampleFingerprint.of(copy));
        // every NaN is the same target
        assertEquals(ExampleFingerprint.of(List.of(new Example("x", null, 0, Double.NaN))),
                ExampleFingerprint.of(List.of(new Example("x", null, 0, Double.longBitsToDouble(0x7ff8000000000001L)))));
    }

    @Test
    void oneChangedOrReorderedExampleChangesTheDigest() {
        String original = ExampleFingerprint.of(EXAMPLES);
        assertNotEquals(original, ExampleFingerprint.of(List.of(EXAMPLES.get(1), EXAMPLES.get(0))), "reordered");
        assertNotEquals(original, ExampleFingerprint.of(List.of(Example.single("Héllo wörld!", 1), EXAMPLES.get(1))),
                "one character");
        assertNotEquals(original, ExampleFingerprint.of(List.of(Example.single("Héllo wörld.", 0), EXAMPLES.get(1))),
                "label");
        assertNotEquals(original, ExampleFingerprint.of(List.of(EXAMPLES.get(0),
                Example.regression("A premise", "a hypothesis", 3.5000001))), "target");
        assertNotEquals(original, ExampleFingerprint.of(EXAMPLES.subList(0, 1)), "one example dropped");
        List<Example> more = new ArrayList<>(EXAMPLES);
        more.add(Example.text(""));
        assertNotEquals(original, ExampleFingerprint.of(more), "an empty example added");
    }

    @Test
    void boundariesBetweenFieldsAreUnambiguous() {
        assertNotEquals(ExampleFingerprint.of(List.of(Example.textPair("ab", "c"))),
                ExampleFingerprint.of(List.of(Example.textPair("a", "bc"))));
        assertNotEquals(ExampleFingerprint.of(List.of(Example.text("ab"))),
                ExampleFingerprint.of(List.of(Example.textPair("ab", ""))), "absent second text is not empty text");
        assertEquals(ExampleFingerprint.of(List.of(Example.text("a"), Example.text("b"))),
                ExampleFingerprint.ofTexts(List.of("a", "b")));
    }
}
