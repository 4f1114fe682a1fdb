package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

    @Test
    void rowIsCorrectWhenItsDiagonalIsTheArgmax() {
        double[][] similarity = {
            {0.9, 0.1, 0.2}, // argmax 0: correct
            {0.8, 0.5, 0.1}, // argmax 0, not 1: wrong
            {0.1, 0.2, 0.3}, // argmax 2: correct
        };
        assertEquals(2.0 / 3.0, RetrievalMetrics.inBatchAccuracy(similarity), 1e-12);
    }

    @Test
    void collapsedEmbeddingsScoreZero() {
        assertEquals(0.0, RetrievalMetrics.inBatchAccuracy(new double[][] {{1, 1}, {1, 1}}), 0.0);
    }

    @Test
    void rejectsNonSquareMatrix() {
        assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.inBatchAccuracy(new double[][] {{1, 2}}));
    }
}
