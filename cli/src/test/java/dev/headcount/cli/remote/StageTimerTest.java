package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Elapsed time and ETA arithmetic of one stage. */
class StageTimerTest {

    private static final long SECOND = 1_000_000_000L;

    private static StageCount count(long done, long expected, double partial, boolean started) {
        return new StageCount(PipelineStage.EVALUATIONS, done, expected, partial, started);
    }

    @Test
    void waitsUntilTheStageStarts() {
        StageTimer timer = new StageTimer();
        timer.observe(count(0, 10, 0, false), 0);
        assertFalse(timer.started());
        assertNull(timer.elapsed());
        assertNull(timer.eta());
    }

    @Test
    void theClockStartsAtTheLastIdleSightingAndTheRateGivesTheEta() {
        StageTimer timer = new StageTimer();
        timer.observe(count(0, 10, 0, false), 0);
        timer.observe(count(0, 10, 0, false), 10 * SECOND);
        // 2 of 10 done 20 s after it was last seen idle: 10 s per unit, 8 left
        timer.observe(count(2, 10, 0, true), 30 * SECOND);
        assertEquals(Duration.ofSeconds(20), timer.elapsed());
        assertEquals(Duration.ofSeconds(80), timer.eta());
        // 5 done at 70 s: 60 s for 5, 12 s per unit, 5 left
        timer.observe(count(5, 10, 0, true), 70 * SECOND);
        assertEquals(Duration.ofSeconds(60), timer.elapsed());
        assertEquals(Duration.ofSeconds(60), timer.eta());
    }

    @Test
    void theUnitInHandCounts() {
        StageTimer timer = new StageTimer();
        timer.observe(count(0, 2, 0, false), 0);
        // half of the first fine-tune after 30 s: 60 s per fine-tune, 1.5 left
        timer.observe(count(0, 2, 0.5, true), 30 * SECOND);
        assertEquals(Duration.ofSeconds(90), timer.eta());
    }

    @Test
    void noEtaUntilSomethingMoves() {
        StageTimer timer = new StageTimer();
        // first seen already under way: only what happens from now on gives a rate
        timer.observe(count(3, 10, 0, true), 100 * SECOND);
        assertTrue(timer.started());
        assertEquals(Duration.ZERO, timer.elapsed());
        assertNull(timer.eta());
        timer.observe(count(3, 10, 0, true), 110 * SECOND);
        assertNull(timer.eta());
        timer.observe(count(4, 10, 0, true), 120 * SECOND);
        assertEquals(Duration.ofSeconds(20), timer.elapsed());
        assertEquals(Duration.ofSeconds(120), timer.eta());
    }

    @Test
    void aFinishedStageKeepsItsTime() {
        StageTimer timer = new StageTimer();
        timer.observe(count(0, 4, 0, false), 0);
        timer.observe(count(4, 4, 0, true), 40 * SECOND);
        timer.observe(count(4, 4, 0, true), 90 * SECOND);
        assertTrue(timer.finished());
        assertEquals(Duration.ofSeconds(40), timer.elapsed());
        assertEquals(Duration.ZERO, timer.eta());
    }

    @Test
    void startedOnlyByAProgressEventStillHasNoRate() {
        StageTimer timer = new StageTimer();
        timer.observe(count(0, 3, 0, false), 0);
        timer.observe(count(0, 3, 0, true), 5 * SECOND);
        assertEquals(Duration.ofSeconds(5), timer.elapsed());
        assertNull(timer.eta());
    }
}
