package dev.headcount.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.HfNames;
import dev.headcount.engine.model.ModelConfig;
import dev.headcount.engine.pruning.HeadMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of masked heads, which must not change while the rest trains: their rows of Q, K and
 * V (weights and biases) and their columns of the attention output projection. Their gradients are
 * zero anyway (the gate multiplies their attention by 0), but weight decay would still shrink them,
 * so the update itself is masked. A head of a shared ALBERT layer is frozen only when every pass
 * using the layer masks it.
 */
public final class FrozenHeads implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> updateMasks;

    private FrozenHeads(NDManager manager, Map<String, NDArray> updateMasks) {
        this.manager = manager;
        this.updateMasks = updateMasks;
    }

    /** @param mask [passes][heads] in original head numbering, or null for none */
    public static FrozenHeads of(EncoderModel model, HeadMask mask, NDManager parent) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        if (mask != null) {
            ModelConfig c = model.config();
            HfNames names = new HfNames(c.architecture());
            int d = c.headSize();
            for (int layer = 0; layer < c.numWeightLayers(); layer++) {
                boolean[] frozen = frozenKeptHeads(c, mask, layer);
                if (!anyTrue(frozen)) {
                    continue;
                }
                HfNames.LayerNames n = names.layer(layer);
                long hidden = c.hiddenSize();
                float[] rows = keepVector(frozen, d);
                for (String projection : List.of(n.query(), n.key(), n.value())) {
                    masks.put(HfNames.weight(projection),
                            manager.create(rows, new Shape(rows.length, 1)).repeat(1, hidden));
                    masks.put(HfNames.bias(projection), manager.create(rows));
                }
                masks.put(HfNames.weight(n.attentionOutput()),
                        manager.create(rows, new Shape(1, rows.length)).repeat(0, hidden));
            }
        }
        return new FrozenHeads(manager, masks);
    }

    /** For each head still present in a weight layer, whether every pass using the layer masks it. */
    private static boolean[] frozenKeptHeads(ModelConfig c, HeadMask mask, int layer) {
        if (mask.passes() != c.numLayers() || mask.heads() != c.numHeads()) {
            throw new IllegalArgumentException("head mask is " + mask.passes() + " × " + mask.heads()
                    + " but the model has " + c.numLayers() + " layers × " + c.numHeads() + " heads");
        }
        List<Integer> passes = new ArrayList<>();
        for (int pass = 0; pass < c.numLayers(); pass++) {
            if (c.weightLayerOfPass(pass) == layer) {
                passes.add(pass);
            }
        }
        int[] kept = c.keptHeads(layer);
        boolean[] frozen = new boolean[kept.length];
        for (int i = 0; i < kept.length; i++) {
            int head = kept[i];
            frozen[i] = passes.stream().allMatch(p -> mask.values()[p][head] == 0f);
        }
        return frozen;
    }

    private static float[] keepVector(boolean[] frozen, int headSize) {
        float[] v = new float[frozen.length * headSize];
        for (int i = 0; i < frozen.length; i++) {
            Arrays.fill(v, i * headSize, (i + 1) * headSize, frozen[i] ? 0f : 1f);
        }
        return v;
    }

    private static boolean anyTrue(boolean[] values) {
        for (boolean b : values) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** By parameter name: 1 where a weight may change, 0 where it belongs to a frozen head. */
    public Map<String, NDArray> updateMasks() {
        return updateMasks;
    }

    public boolean isEmpty() {
        return updateMasks.isEmpty();
    }

    /** Zeroes the frozen entries of the gradients in place (so they do not count towards the clipping norm). */
    public void maskGradients(Map<String, NDArray> gradients) {
        updateMasks.forEach((name, m) -> {
            NDArray g = gradients.get(name);
            if (g != null) {
                g.muli(m);
            }
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
