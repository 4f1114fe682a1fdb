package dev.headcount.engine.checkpoint;

import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.HfNames;
import dev.headcount.engine.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tensors (and their shapes) a config implies, grouped into the encoder and optional heads. */
public record ExpectedTensors(Map<String, long[]> encoder, Map<String, long[]> pooler,
                              Map<String, long[]> classifier, Map<String, long[]> mlmHead) {

    public static ExpectedTensors of(ModelConfig c) {
        HfNames n = new HfNames(c.architecture());
        long h = c.hiddenSize();
        long e = c.embeddingSize();
        Map<String, long[]> enc = new LinkedHashMap<>();
        enc.put(n.wordEmbeddings(), new long[] {c.vocabSize(), e});
        enc.put(n.positionEmbeddings(), new long[] {c.maxPositionEmbeddings(), e});
        if (c.typeVocabSize() > 0) {
            enc.put(n.tokenTypeEmbeddings(), new long[] {c.typeVocabSize(), e});
        }
        norm(enc, n.embeddingNorm(), e);
        if (c.architecture() == Architecture.ALBERT) {
            linear(enc, n.embeddingProjection(), h, e);
        }
        for (int l = 0; l < c.numWeightLayers(); l++) {
            HfNames.LayerNames ln = n.layer(l);
            long width = (long) c.keptHeads(l).length * c.headSize();
            linear(enc, ln.query(), width, h);
            linear(enc, ln.key(), width, h);
            linear(enc, ln.value(), width, h);
            linear(enc, ln.attentionOutput(), h, width);
            norm(enc, ln.attentionNorm(), h);
            linear(enc, ln.intermediate(), c.intermediateSize(), h);
            linear(enc, ln.output(), h, c.intermediateSize());
            norm(enc, ln.outputNorm(), h);
        }
        Map<String, long[]> pooler = new LinkedHashMap<>();
        linear(pooler, n.pooler(), h, h);
        Map<String, long[]> cls = new LinkedHashMap<>();
        if (c.numLabels() > 0) {
            linear(cls, n.classifierOutput(), c.numLabels(), h);
        }
        Map<String, long[]> mlm = new LinkedHashMap<>();
        long transformOut = c.architecture() == Architecture.ALBERT ? e : h;
        linear(mlm, n.mlmTransform(), transformOut, h);
        norm(mlm, n.mlmNorm(), transformOut);
        mlm.put(n.mlmBias(), new long[] {c.vocabSize()});
        return new ExpectedTensors(enc, pooler, cls, mlm);
    }

    private static void linear(Map<String, long[]> m, String module, long out, long in) {
        m.put(HfNames.weight(module), new long[] {out, in});
        m.put(HfNames.bias(module), new long[] {out});
    }

    private static void norm(Map<String, long[]> m, String module, long width) {
        m.put(HfNames.weight(module), new long[] {width});
        m.put(HfNames.bias(module), new long[] {width});
    }
}
