package dev.headcount.metrics.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerMassTest {

    @Test
    void sharesOfTheTotalSumToOne() {
        // layer totals 1, 3, 6 of 10
        List<Double> mass = LayerMass.of(new double[][] {{0.5, 0.5}, {1, 2}, {6, 0}});
        assertEquals(List.of(0.1, 0.3, 0.6), mass);
        assertEquals(1.0, mass.stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void allZeroMapHasNoShares() {
        List<Double> mass = LayerMass.of(new double[][] {{0, 0}, {0, 0}});
        assertEquals(2, mass.size());
        mass.forEach(share -> assertEquals(Double.NaN, share));
    }
}
