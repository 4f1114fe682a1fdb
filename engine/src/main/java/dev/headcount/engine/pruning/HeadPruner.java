package dev.headcount.engine.pruning;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.HostTensor;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.HfNames;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Removes heads physically: the rows of Q, K and V and the columns of the attention output
 * projection that belong to them, so a pruned model is really smaller and faster. A layer may
 * lose every head; its attention sublayer then contributes only its output bias.
 *
 * <p>ALBERT's passes share one layer, so a head can be removed only if it is pruned in every pass
 * that uses the layer; the rest stays masked and is returned as the residual mask.
 */
public final class HeadPruner {

    /** The smaller model and the mask still to apply when running it (all ones when nothing remains). */
    public record Result(EncoderModel model, HeadMask residualMask) {
    }

    private HeadPruner() {
    }

    public static Result prune(EncoderModel model, Collection<HeadId> heads, NDManager manager) throws IOException {
        ModelConfig c = model.config();
        Map<Integer, SortedSet<Integer>> removable = removableHeads(c, heads);
        HeadMask residual = HeadMask.without(c.numLayers(), c.numHeads(), residualHeads(c, heads, removable));
        Map<String, HostTensor> tensors = model.parameters().toHost();
        HfNames names = new HfNames(c.architecture());
        int d = c.headSize();
        for (Map.Entry<Integer, SortedSet<Integer>> e : removable.entrySet()) {
            int layer = e.getKey();
            int[] kept = c.keptHeads(layer);
            boolean[] keep = new boolean[kept.length];
            for (int i = 0; i < kept.length; i++) {
                keep[i] = !e.getValue().contains(kept[i]);
            }
            HfNames.LayerNames n = names.layer(layer);
            for (String projection : List.of(n.query(), n.key(), n.value())) {
                tensors.put(HfNames.weight(projection), rows(tensors.get(HfNames.weight(projection)), keep, d));
                tensors.put(HfNames.bias(projection), rows(tensors.get(HfNames.bias(projection)), keep, d));
            }
            String out = HfNames.weight(n.attentionOutput());
            tensors.put(out, columns(tensors.get(out), keep, d));
        }
        ModelConfig pruned = c.withPrunedHeads(removable);
        EncoderModel smaller = ModelDirectory.fromTensors(pruned, tensors, model.tokenizerFile().orElse(null),
                manager, "pruned model");
        return new Result(smaller, residual);
    }

    /** Per weight layer, the still-present heads that every pass using the layer prunes. */
    static Map<Integer, SortedSet<Integer>> removableHeads(ModelConfig c, Collection<HeadId> heads) {
        Set<HeadId> requested = new TreeSet<>(heads);
        Map<Integer, SortedSet<Integer>> out = new TreeMap<>();
        Map<Integer, List<Integer>> passesOfLayer = new HashMap<>();
        for (int pass = 0; pass < c.numLayers(); pass++) {
            passesOfLayer.computeIfAbsent(c.weightLayerOfPass(pass), k -> new java.util.ArrayList<>()).add(pass);
        }
        passesOfLayer.forEach((layer, passes) -> {
            for (int h : c.keptHeads(layer)) {
                boolean everywhere = passes.stream().allMatch(p -> requested.contains(new HeadId(p, h)));
                if (everywhere) {
                    out.computeIfAbsent(layer, k -> new TreeSet<>()).add(h);
                }
            }
        });
        return out;
    }

    private static Set<HeadId> residualHeads(ModelConfig c, Collection<HeadId> heads,
                                             Map<Integer, SortedSet<Integer>> removable) {
        Set<HeadId> residual = new TreeSet<>();
        for (HeadId id : heads) {
            int layer = c.weightLayerOfPass(id.layer());
            if (!removable.getOrDefault(layer, new TreeSet<>()).contains(id.head())) {
                residual.add(id);
            }
        }
        return residual;
    }

    /** Keeps the blocks of {@code d} rows whose head is kept ([heads·d, in] or [heads·d]). */
    private static HostTensor rows(HostTensor t, boolean[] keep, int d) {
        int rowWidth = t.shape().length == 2 ? (int) t.shape()[1] : 1;
        int keptCount = count(keep);
        float[] out = new float[keptCount * d * rowWidth];
        int o = 0;
        for (int h = 0; h < keep.length; h++) {
            if (keep[h]) {
                System.arraycopy(t.data(), h * d * rowWidth, out, o, d * rowWidth);
                o += d * rowWidth;
            }
        }
        long[] shape = t.shape().length == 2 ? new long[] {(long) keptCount * d, rowWidth} : new long[] {(long) keptCount * d};
        return new HostTensor(shape, out);
    }

    /** Keeps the blocks of {@code d} columns whose head is kept ([out, heads·d]). */
    private static HostTensor columns(HostTensor t, boolean[] keep, int d) {
        int rowsCount = (int) t.shape()[0];
        int width = (int) t.shape()[1];
        int keptCount = count(keep);
        float[] out = new float[rowsCount * keptCount * d];
        for (int r = 0; r < rowsCount; r++) {
            int o = r * keptCount * d;
            for (int h = 0; h < keep.length; h++) {
                if (keep[h]) {
                    System.arraycopy(t.data(), r * width + h * d, out, o, d);
                    o += d;
                }
            }
        }
        return new HostTensor(new long[] {rowsCount, (long) keptCount * d}, out);
    }

    private static int count(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        return n;
    }
}
