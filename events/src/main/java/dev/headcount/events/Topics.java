package dev.headcount.events;

import java.util.List;

/**
 * Every topic, with the partition key of the events on it. A key names one unit of work, so that the work
 * is spread over partitions (and replicas) while everything about one unit stays in order on one partition.
 * Keys join their parts with '/'; {@link HeadcountEvent#key()} computes them.
 */
public final class Topics {
    /**
     * {@code ExperimentRequested}, {@code ExperimentCompleted}, {@code ExperimentFailed}. Key: {@code <experimentId>}.
     * Kept for good (no retention limit): the history of every experiment. Services that react to later events read
     * the request from the artifact store ({@link StoredRequests}), not from here.
     */
    public static final String EXPERIMENTS = "headcount.experiments";
    /**
     * {@code ModelFineTuned}, {@code PrunedModelReady}: a model variant is ready.
     * Key: {@code <experimentId>/<variant>}.
     */
    public static final String MODELS = "headcount.models";
    /** {@code ScoringRequested}: one shard of one importance map. Key: {@code <experimentId>/<variant>/<task>/<shard>}. */
    public static final String SCORING_JOBS = "headcount.scoring-jobs";
    /**
     * {@code ImportanceShardScored}, {@code HeadImportanceScored}, {@code ImportanceMapCompleted}.
     * Key: {@code <experimentId>/<variant>/<task>}: one map's shards meet on one partition to be summed.
     */
    public static final String HEAD_IMPORTANCE = "headcount.head-importance";
    /** {@code MaskedModelEvaluated}. Key: {@code <experimentId>/<base variant>/<ranking>}: one pruning curve. */
    public static final String PRUNING_EVALUATIONS = "headcount.pruning-evaluations";
    /** {@code Progress}, {@code FineTuneProgress}. Key: {@code <experimentId>}, so a dashboard sees them in order. */
    public static final String PROGRESS = "headcount.progress";
    /** {@code DeadLetter} (not a {@link HeadcountEvent}: its payload may not parse). Key: the original record's key. */
    public static final String DEAD_LETTER = "headcount.dead-letter";

    private Topics() {
    }

    /** Every topic, in pipeline order. */
    public static List<String> all() {
        return List.of(EXPERIMENTS, MODELS, SCORING_JOBS, HEAD_IMPORTANCE, PRUNING_EVALUATIONS, PROGRESS, DEAD_LETTER);
    }

    /** Joins key parts with '/'. */
    public static String key(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }
}
