package dev.headcount.events;

import java.util.List;
import java.util.Locale;

/**
 * One unit of work of an experiment, small enough to spread over the replicas of a worker kind: one scoring shard,
 * one pruned model, one masked-evaluation curve (or one point of it) or one fine-tune. A unit is named by
 * {@link #id()}; its result is stored under that name in the artifact store, so a redelivered or duplicated
 * {@link WorkRequested} reads the stored result instead of computing it again.
 *
 * <p>Fields by kind (the others are {@code null} / empty / 0):
 * <ul>
 *   <li>{@link Kind#SCORE}: {@code variant} (the model scored), {@code task}, {@code shard} of {@code shards}: a
 *       contiguous range of the map's scoring batches ({@link #shardRange});</li>
 *   <li>{@link Kind#PRUNE}: {@code variant}, a {@code pruned/<ranking>/<fraction>} model;</li>
 *   <li>{@link Kind#EVALUATE}: {@code variant} (the base model), {@code ranking}, {@code task} (the evaluated task),
 *       {@code fractions} (every pruning fraction of the plan, or one);</li>
 *   <li>{@link Kind#FINETUNE}: {@code variant}, a {@code finetuned/<task>} or
 *       {@code pruned-then-finetuned/<ranking>/<fraction>/<task>} model.</li>
 * </ul>
 */
public record WorkUnit(Kind kind, ModelVariant variant, String task, Ranking ranking, List<Double> fractions,
                       int shard, int shards) {
    private static final String TYPE = "WorkUnit";

    /** The kinds of work, each with the topic its requests travel on (and so the worker group that does it). */
    public enum Kind {
        SCORE(Topics.SCORING_JOBS),
        /**
         * On the scorer's topic: a pruned model gates the pruned models' fine-tunes, the longest chain of the plan, and
         * on the pruner's topic it waited behind the evaluation curves handed out at the start (measured on the default
         * preset: about 12 minutes behind five random curves), while the scorer is idle once the maps are in.
         */
        PRUNE(Topics.SCORING_JOBS),
        EVALUATE(Topics.PRUNING_JOBS),
        FINETUNE(Topics.FINETUNE_JOBS);

        private final String topic;

        Kind(String topic) {
            this.topic = topic;
        }

        public String topic() {
            return topic;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public WorkUnit {
        RequiredFields.present(TYPE, "kind", kind);
        RequiredFields.present(TYPE, "variant", variant);
        fractions = RequiredFields.list(fractions);
        switch (kind) {
            case SCORE -> {
                RequiredFields.text(TYPE, "task", task);
                if (shards <= 0 || shard < 0 || shard >= shards) {
                    throw new InvalidEventException(TYPE, "shard", "must be in [0, shards) with shards > 0, was "
                            + shard + " of " + shards);
                }
            }
            case PRUNE -> {
                if (variant.kind() != ModelVariant.Kind.PRUNED) {
                    throw new InvalidEventException(TYPE, "variant", "a prune unit makes a pruned model, not " + variant);
                }
            }
            case EVALUATE -> {
                RequiredFields.text(TYPE, "task", task);
                RequiredFields.present(TYPE, "ranking", ranking);
                if (fractions.isEmpty()) {
                    throw new InvalidEventException(TYPE, "fractions", "an evaluation unit needs at least one fraction");
                }
                for (double f : fractions) {
                    RequiredFields.fraction(TYPE, "fractions", f);
                }
            }
            case FINETUNE -> {
                if (!variant.isFinetuned()) {
                    throw new InvalidEventException(TYPE, "variant", "a fine-tune unit makes a fine-tuned model, not "
                            + variant);
                }
            }
        }
    }

    public static WorkUnit score(ModelVariant variant, String task, int shard, int shards) {
        return new WorkUnit(Kind.SCORE, variant, task, null, List.of(), shard, shards);
    }

    public static WorkUnit prune(ModelVariant variant) {
        return new WorkUnit(Kind.PRUNE, variant, null, null, List.of(), 0, 0);
    }

    public static WorkUnit evaluate(ModelVariant base, Ranking ranking, String task, List<Double> fractions) {
        return new WorkUnit(Kind.EVALUATE, base, task, ranking, fractions, 0, 0);
    }

    public static WorkUnit fineTune(ModelVariant variant) {
        return new WorkUnit(Kind.FINETUNE, variant, null, null, List.of(), 0, 0);
    }

    /**
     * The unit's name, unique within its experiment: {@code score/<variant>/<task>/<shard>-of-<shards>},
     * {@code prune/<variant>}, {@code evaluate/<base>/<ranking>/<task>[/<fraction>…]}, {@code finetune/<variant>}.
     */
    public String id() {
        return switch (kind) {
            case SCORE -> "score/" + variant.name() + "/" + task + "/" + shard + "-of-" + shards;
            case PRUNE -> "prune/" + variant.name();
            case EVALUATE -> "evaluate/" + variant.name() + "/" + ranking.name() + "/" + task
                    + fractions.stream().map(f -> "/" + ModelVariant.formatFraction(f)).reduce("", String::concat);
            case FINETUNE -> "finetune/" + variant.name();
        };
    }

    /** The topic a request for this unit travels on. */
    public String topic() {
        return kind.topic();
    }

    /**
     * Batches {@code [from, to)} of {@code batches} that shard {@code shard} of {@code shards} scores: contiguous
     * ranges whose sizes differ by at most one, so every batch (and so every unit of the map) is scored by exactly
     * one shard and the shards' sums add up to the unsharded map.
     */
    public static int[] shardRange(int shard, int shards, int batches) {
        if (shards <= 0 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be in [0, shards), was " + shard + " of " + shards);
        }
        int from = (int) ((long) batches * shard / shards);
        int to = (int) ((long) batches * (shard + 1) / shards);
        return new int[]{from, to};
    }

    @Override
    public String toString() {
        return id();
    }
}
