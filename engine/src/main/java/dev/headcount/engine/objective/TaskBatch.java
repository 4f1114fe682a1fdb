package dev.headcount.engine.objective;

import dev.headcount.engine.model.TokenBatch;

/** A batch of one task's examples, tokenised, with what its loss needs. */
public sealed interface TaskBatch permits TaskBatch.Classification, TaskBatch.Regression, TaskBatch.MaskedLm,
        TaskBatch.Pairs {

    /** Number of examples. */
    int size();

    /** Sequences of the batch (for pairs: the first members). */
    TokenBatch tokens();

    /** Single-sentence or sentence-pair classification. */
    record Classification(TokenBatch tokens, long[] labels) implements TaskBatch {
        public int size() {
            return labels.length;
        }
    }

    record Regression(TokenBatch tokens, float[] targets) implements TaskBatch {
        public int size() {
            return targets.length;
        }
    }

    /**
     * Masked LM: {@code tokens} already carry the replacements; {@code labels} hold the original id
     * at masked positions and -100 elsewhere.
     */
    record MaskedLm(TokenBatch tokens, long[][] labels) implements TaskBatch {
        public int size() {
            return labels.length;
        }

        /** Masked positions of row b. */
        public int maskedCount(int b) {
            int n = 0;
            for (long l : labels[b]) {
                n += l != MlmMasking.IGNORE ? 1 : 0;
            }
            return n;
        }
    }

    /** Sentence pairs for the contrastive task: row i of {@code second} is the positive of row i of {@code tokens}. */
    record Pairs(TokenBatch tokens, TokenBatch second) implements TaskBatch {
        public int size() {
            return tokens.size();
        }
    }
}
