package dev.headcount.engine.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.RandomModels;
import dev.headcount.engine.model.TokenBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadPrunerTest {

    private static final TokenBatch TOKENS = new TokenBatch(
            new long[][] {{2, 7, 9, 11, 3}, {2, 5, 3, 1, 1}},
            new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}, null);

    @Test
    void prunedModelComputesWhatTheMaskedModelComputes(@TempDir Path dir) throws Exception {
        for (Architecture arch : Architecture.values()) {
            try (NDManager manager = NDManager.newBaseManager();
                 EncoderModel model = RandomModels.model(RandomModels.config(arch, 3, 4, 2), 11, manager)) {
                List<HeadId> heads = new ArrayList<>();
                // every pass loses head 1; pass 0 also loses head 2; pass 2 loses all heads
                for (int pass = 0; pass < 3; pass++) {
                    heads.add(new HeadId(pass, 1));
                }
                heads.add(new HeadId(0, 2));
                for (int h = 0; h < 4; h++) {
                    heads.add(new HeadId(2, h));
                }
                float[] masked = hidden(model, HeadMask.without(3, 4, heads));
                HeadPruner.Result r = HeadPruner.prune(model, heads, manager);
                try (EncoderModel pruned = r.model()) {
                    float[] physical = hidden(pruned, r.residualMask());
                    assertArrayEquals(masked, physical, 1e-5f, arch.name());
                    assertTrue(pruned.parameters().count() < model.parameters().count(), arch + " got smaller");
                    if (arch == Architecture.ALBERT) {
                        // one shared layer: only head 1 is pruned in every pass
                        assertEquals(List.of(1), List.copyOf(pruned.config().prunedHeads().get(0)));
                        assertTrue(r.residualMask().silenced().contains(new HeadId(0, 2)));
                    } else {
                        assertEquals(4, pruned.config().prunedHeads().get(2).size());
                        assertTrue(r.residualMask().isAllOnes());
                    }
                    Path saved = dir.resolve(arch.name());
                    ModelDirectory.save(pruned, saved);
                    try (EncoderModel reloaded = ModelDirectory.load(saved, manager)) {
                        assertEquals(pruned.config().prunedHeads(), reloaded.config().prunedHeads());
                        assertArrayEquals(physical, hidden(reloaded, r.residualMask()), 0f, "reload " + arch);
                    }
                }
            }
        }
    }

    @Test
    void pruningAPrunedModelAgainUsesOriginalHeadNumbers() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel model = RandomModels.model(RandomModels.config(Architecture.BERT, 2, 4, 2), 5, manager)) {
            List<HeadId> first = List.of(new HeadId(0, 0));
            List<HeadId> second = List.of(new HeadId(0, 2), new HeadId(1, 3));
            List<HeadId> both = new ArrayList<>(first);
            both.addAll(second);
            float[] expected = hidden(model, HeadMask.without(2, 4, both));
            try (EncoderModel once = HeadPruner.prune(model, first, manager).model();
                 EncoderModel twice = HeadPruner.prune(once, second, manager).model()) {
                assertArrayEquals(new int[] {1, 3}, twice.config().keptHeads(0));
                assertArrayEquals(expected, hidden(twice, HeadMask.ones(2, 4)), 1e-5f);
            }
        }
    }

    static float[] hidden(EncoderModel model, HeadMask mask) {
        try (NDManager m = model.newBatchManager()) {
            float[] flat = new float[mask.passes() * mask.heads()];
            for (int l = 0; l < mask.passes(); l++) {
                System.arraycopy(mask.values()[l], 0, flat, l * mask.heads(), mask.heads());
            }
            NDArray gates = m.create(flat, new Shape(1, mask.passes(), mask.heads()));
            return model.encode(m, TOKENS, gates, ForwardOptions.evaluation()).lastHiddenState().toFloatArray();
        }
    }
}
