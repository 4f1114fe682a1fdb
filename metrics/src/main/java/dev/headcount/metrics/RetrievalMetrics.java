package dev.headcount.metrics;

/** Scores for contrastive sentence-pair tasks. */
public final class RetrievalMetrics {
    private RetrievalMetrics() {
    }

    /**
     * In-batch retrieval accuracy: similarity[i][j] compares anchor i with candidate j, and row i is
     * right when its largest entry is on the diagonal. A tie with the diagonal counts as wrong, so a
     * collapsed encoder (all similarities equal) scores 0, not 1.
     */
    public static double inBatchAccuracy(double[][] similarity) {
        boolean[] hits = inBatchHits(similarity);
        int correct = 0;
        for (boolean hit : hits) {
            correct += hit ? 1 : 0;
        }
        return (double) correct / hits.length;
    }

    /** Per row: whether its own pair (the diagonal) scores strictly above every other column (a tie is a miss). */
    public static boolean[] inBatchHits(double[][] similarity) {
        if (similarity.length == 0) {
            throw new IllegalArgumentException("empty similarity matrix");
        }
        boolean[] hits = new boolean[similarity.length];
        for (int i = 0; i < similarity.length; i++) {
            double[] row = similarity[i];
            if (row.length != similarity.length) {
                throw new IllegalArgumentException("similarity matrix is not square: row " + i + " has "
                        + row.length + " columns, expected " + similarity.length);
            }
            boolean diagonalWins = true;
            for (int j = 0; j < row.length; j++) {
                if (j != i && row[j] >= row[i]) {
                    diagonalWins = false;
                    break;
                }
            }
            hits[i] = diagonalWins;
        }
        return hits;
    }
}
