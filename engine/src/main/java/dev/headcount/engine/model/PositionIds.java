package dev.headcount.engine.model;

/** Position ids as each architecture's embeddings compute them. */
final class PositionIds {

    private PositionIds() {
    }

    /**
     * BERT and ALBERT: 0..T-1 whatever the padding. RoBERTa
     * ({@code create_position_ids_from_input_ids}): real tokens count from padding_idx + 1,
     * pads get padding_idx.
     */
    static long[][] of(ModelConfig config, long[][] inputIds) {
        long[][] pos = new long[inputIds.length][];
        for (int b = 0; b < inputIds.length; b++) {
            long[] row = inputIds[b];
            pos[b] = new long[row.length];
            long seen = 0;
            for (int t = 0; t < row.length; t++) {
                if (config.architecture() == Architecture.ROBERTA) {
                    boolean real = row[t] != config.padTokenId();
                    seen += real ? 1 : 0;
                    pos[b][t] = real ? seen + config.padTokenId() : config.padTokenId();
                } else {
                    pos[b][t] = t;
                }
                if (pos[b][t] >= config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("sequence of length " + row.length
                            + " needs position id " + pos[b][t] + " but the model has max_position_embeddings "
                            + config.maxPositionEmbeddings());
                }
            }
        }
        return pos;
    }
}
