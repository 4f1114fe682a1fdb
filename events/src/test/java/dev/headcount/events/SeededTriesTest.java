package dev.headcount.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fuzz tests' loop: a failure names the try, its seed and its input, and that seed makes the same input again. */
class SeededTriesTest {
    @Test
    void aFailureNamesItsSeedAndInputAndTheSeedReproducesIt() {
        List<String> inputs = new ArrayList<>();
        AssertionError failure = assertThrows(AssertionError.class, () -> SeededTries.run("no z", 7L, 1000,
                r -> SeededTries.string(r, 'a', 'z', 1, 5), s -> "'" + s + "'", s -> {
                    inputs.add(s);
                    assertTrue(!s.contains("z"), "contains z");
                }));
        String failing = inputs.get(inputs.size() - 1);
        long seed = SeededTries.seed(7L, inputs.size() - 1);
        assertEquals("no z failed at try " + (inputs.size() - 1) + ", seed " + seed + " (rerun with -Dfuzz.seed=" + seed
                + "): contains z ==> expected: <true> but was: <false>\ninput: '" + failing + "'", failure.getMessage());
        assertEquals(failing, SeededTries.string(new Random(seed), 'a', 'z', 1, 5));
    }

    @Test
    void everyTryHasItsOwnSeedAndTheSameTriesRunEveryTime() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        SeededTries.run("record", 1L, 50, Random::nextLong, String::valueOf, first::add);
        SeededTries.run("record", 1L, 50, Random::nextLong, String::valueOf, second::add);
        assertEquals(first, second);
        assertEquals(50, first.stream().distinct().count());
        assertNotEquals(SeededTries.seed(1L, 0), SeededTries.seed(2L, 0));
    }
}
