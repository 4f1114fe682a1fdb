package dev.headcount.engine.data;

import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.MlmMasking;
import dev.headcount.engine.objective.TaskBatch;
import java.util.ArrayList;
import java.util.List;

/** Turns texts into the length-bucketed batches each objective consumes. */
public final class TaskBatches {

    private TaskBatches() {
    }

    /** The batches of any task kind; MLM masking is seeded, everything else is deterministic anyway. */
    public static List<? extends TaskBatch> forTask(TaskSpec spec, List<Example> examples, TextTokenizer tokenizer,
                                                    int batchSize, long seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("task " + spec.name() + ": no examples to batch");
        }
        List<String> first = examples.stream().map(Example::textA).toList();
        List<String> second = examples.stream().map(Example::textB).toList();
        return switch (spec.kind()) {
            case MLM_TEXT -> maskedLm(first, tokenizer, seed, batchSize);
            case CONTRASTIVE_PAIRS -> pairs(first, second, tokenizer, batchSize);
            case SINGLE_SENTENCE_CLASSIFICATION, SENTENCE_PAIR_CLASSIFICATION -> classification(first,
                    spec.kind() == TaskKind.SINGLE_SENTENCE_CLASSIFICATION ? null : second,
                    examples.stream().mapToLong(Example::label).toArray(), tokenizer, batchSize);
            case REGRESSION -> {
                float[] targets = new float[examples.size()];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = (float) examples.get(i).target();
                }
                yield regression(first, second, targets, tokenizer, batchSize);
            }
        };
    }

    /** Masked-LM batches: each text is masked with its own seeded generator (key = its index). */
    public static List<TaskBatch.MaskedLm> maskedLm(List<String> texts, TextTokenizer tokenizer, long seed,
                                                    int batchSize) {
        if (tokenizer.maskId() < 0) {
            throw new IllegalArgumentException("the tokenizer has no [MASK] token, so masked LM is impossible");
        }
        List<TextTokenizer.Encoded> encoded = texts.stream().map(tokenizer::encode).toList();
        MlmMasking masking = new MlmMasking(tokenizer.maskId(), tokenizer.vocabSize(),
                id -> tokenizer.specialIds().contains(id), seed);
        List<TaskBatch.MaskedLm> out = new ArrayList<>();
        for (Batching.Batch b : Batching.bucketed(encoded, batchSize, tokenizer.padId())) {
            long[][] ids = b.tokens().inputIds();
            long[][] masked = new long[ids.length][ids[0].length];
            long[][] labels = new long[ids.length][];
            for (int r = 0; r < ids.length; r++) {
                labels[r] = masking.mask(ids[r], b.tokens().attentionMask()[r], b.indices()[r], masked[r]);
            }
            out.add(new TaskBatch.MaskedLm(new TokenBatch(masked, b.tokens().attentionMask(),
                    b.tokens().tokenTypeIds()), labels));
        }
        return out;
    }

    /** Contrastive batches of (first, second) pairs, bucketed by the first member's length. */
    public static List<TaskBatch.Pairs> pairs(List<String> first, List<String> second, TextTokenizer tokenizer,
                                              int batchSize) {
        List<TextTokenizer.Encoded> a = first.stream().map(tokenizer::encode).toList();
        List<TextTokenizer.Encoded> b = second.stream().map(tokenizer::encode).toList();
        List<TaskBatch.Pairs> out = new ArrayList<>();
        for (Batching.Batch batch : Batching.bucketed(a, batchSize, tokenizer.padId())) {
            int longest = 0;
            for (int i : batch.indices()) {
                longest = Math.max(longest, b.get(i).length());
            }
            out.add(new TaskBatch.Pairs(batch.tokens(), Batching.pad(b, batch.indices(), longest, tokenizer.padId())));
        }
        return out;
    }

    /** Classification batches; {@code second} may be null (single-sentence tasks) or hold nulls. */
    public static List<TaskBatch.Classification> classification(List<String> first, List<String> second,
                                                                long[] labels, TextTokenizer tokenizer, int batchSize) {
        List<TaskBatch.Classification> out = new ArrayList<>();
        for (Batching.Batch b : encodeAndBatch(first, second, tokenizer, batchSize)) {
            long[] l = new long[b.indices().length];
            for (int i = 0; i < l.length; i++) {
                l[i] = labels[b.indices()[i]];
            }
            out.add(new TaskBatch.Classification(b.tokens(), l));
        }
        return out;
    }

    public static List<TaskBatch.Regression> regression(List<String> first, List<String> second, float[] targets,
                                                        TextTokenizer tokenizer, int batchSize) {
        List<TaskBatch.Regression> out = new ArrayList<>();
        for (Batching.Batch b : encodeAndBatch(first, second, tokenizer, batchSize)) {
            float[] t = new float[b.indices().length];
            for (int i = 0; i < t.length; i++) {
                t[i] = targets[b.indices()[i]];
            }
            out.add(new TaskBatch.Regression(b.tokens(), t));
        }
        return out;
    }

    private static List<Batching.Batch> encodeAndBatch(List<String> first, List<String> second,
                                                      TextTokenizer tokenizer, int batchSize) {
        List<TextTokenizer.Encoded> encoded = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            encoded.add(tokenizer.encode(first.get(i), second == null ? null : second.get(i)));
        }
        return Batching.bucketed(encoded, batchSize, tokenizer.padId());
    }
}
