package dev.headcount.metrics.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoherenceMatrixTest {
    private static final double[][] MLM = {{0.1, 0.5, 0.2}, {0.9, 0.0, 0.3}};
    private static final double[][] SST2 = {{0.2, 0.4, 0.1}, {0.8, 0.3, 0.0}};
    private static final double[][] MNLI = {{0.9, 0.5, 0.8}, {0.1, 1.0, 0.7}};

    private static CoherenceMatrix matrix() {
        Map<String, double[][]> maps = new LinkedHashMap<>();
        maps.put("mlm", MLM);
        maps.put("sst2", SST2);
        maps.put("mnli", MNLI);
        return CoherenceMatrix.of(maps);
    }

    @Test
    void everyPairOnceInTheGivenOrder() {
        List<CoherencePair> pairs = matrix().pairs();
        assertEquals(List.of("mlm/sst2", "mlm/mnli", "sst2/mnli"),
                pairs.stream().map(p -> p.first() + "/" + p.second()).toList());
        assertEquals(Coherence.between(MLM, SST2), pairs.get(0).coherence());
        assertEquals(Coherence.between(SST2, MNLI), pairs.get(2).coherence());
    }

    @Test
    void tableIsSymmetricWithOnesOnTheDiagonal() {
        CoherenceMatrix matrix = matrix();
        double[][] spearman = matrix.values(Coherence::spearman);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, spearman[i][i], 1e-12);
            for (int j = 0; j < 3; j++) {
                assertEquals(spearman[i][j], spearman[j][i], 0.0);
            }
        }
        assertEquals(3.0 / 7.0, spearman[0][1], 1e-12); // the hand-computed pair of CoherenceTest
        assertArrayEquals(new double[] {1.0, 0.5, matrix.between("mlm", "mnli").jaccardAt(0.5)},
                matrix.values(c -> c.jaccardAt(0.5))[0], 0.0);
    }

    @Test
    void readingAPairBackwardsSwapsTheLayerMasses() {
        CoherenceMatrix matrix = matrix();
        assertEquals(matrix.between("mlm", "sst2").swapped(), matrix.between("sst2", "mlm"));
        assertEquals(LayerMass.of(SST2), matrix.between("sst2", "mlm").layerMassOfFirst());
        assertThrows(IllegalArgumentException.class, () -> matrix.between("mlm", "cola"));
    }
}
