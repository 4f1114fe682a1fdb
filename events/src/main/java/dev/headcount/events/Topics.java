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
    /**
     * {@code WorkRequested} of scoring shards and of pruned models: the scorer group's only input. Key: {@code <experimentId>/score/<ordinal>}
     * (see {@link #workPartition}).
     */
    public static final String SCORING_JOBS = "headcount.scoring-jobs";
    /** {@code WorkRequested} of masked evaluations: the pruner group's only input. */
    public static final String PRUNING_JOBS = "headcount.pruning-jobs";
    /** {@code WorkRequested} of fine-tunes: the finetuner group's only input. */
    public static final String FINETUNE_JOBS = "headcount.finetune-jobs";
    /**
     * Partitions of each work topic in the local stack (and at least this many in {@code deploy/}): the most replicas
     * of one worker kind that can share one experiment's work.
     */
    public static final int WORK_PARTITIONS = 12;
    /**
     * {@code ImportanceMapCompleted} ({@code HeadImportanceScored} of older runs stays readable).
     * Key: {@code <experimentId>/<variant>/<task>}.
     */
    public static final String HEAD_IMPORTANCE = "headcount.head-importance";
    /** {@code MaskedModelEvaluated}. Key: {@code <experimentId>/<base variant>/<ranking>}: one pruning curve. */
    public static final String PRUNING_EVALUATIONS = "headcount.pruning-evaluations";
    /** {@code Progress}, {@code FineTuneProgress}, {@code WorkDone}. Key: {@code <experimentId>}, so a dashboard sees them in order. */
    public static final String PROGRESS = "headcount.progress";
    /** {@code DeadLetter} (not a {@link HeadcountEvent}: its payload may not parse). Key: the original record's key. */
    public static final String DEAD_LETTER = "headcount.dead-letter";

    private Topics() {
    }

    /** Every topic, in pipeline order. */
    public static List<String> all() {
        return List.of(EXPERIMENTS, MODELS, SCORING_JOBS, PRUNING_JOBS, FINETUNE_JOBS, HEAD_IMPORTANCE,
                PRUNING_EVALUATIONS, PROGRESS, DEAD_LETTER);
    }

    /** The topics that carry units of work ({@code WorkRequested}), one per worker kind. */
    public static List<String> workTopics() {
        return List.of(SCORING_JOBS, PRUNING_JOBS, FINETUNE_JOBS);
    }

    /**
     * The partition of a work record: its key's ordinal (the last segment, see {@code WorkRequested#key()}) modulo
     * the partitions, so the units of one experiment go round the partitions in hand-out order and a round-robin
     * assignment of partitions spreads them evenly over the replicas (hashing the key would pile several long units
     * on one replica by chance). Empty when the key does not end with an ordinal.
     */
    public static java.util.OptionalInt workPartition(String key, int partitions) {
        if (key == null || partitions <= 0) {
            return java.util.OptionalInt.empty();
        }
        String last = key.substring(key.lastIndexOf('/') + 1);
        if (last.isEmpty() || last.length() > 9 || !last.chars().allMatch(Character::isDigit)) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(Integer.parseInt(last) % partitions);
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
