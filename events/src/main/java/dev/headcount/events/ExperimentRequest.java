package dev.headcount.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything an experiment needs, as a client sends it. Absent options take their defaults; a request is
 * accepted only if {@link #validate()} finds no problem (the report-service answers with that list).
 *
 * @param model             {@code builtin:all-MiniLM-L6-v2}, {@code builtin:bert-base-uncased} or a model directory
 * @param pretrainingTask   the pre-training task whose importance is scored on {@code pretrained}:
 *                          {@code builtin/sotu} (masked LM) or {@code builtin/sotu-pairs} (contrastive, for
 *                          sentence-embedding checkpoints without an LM head); the client picks it
 * @param downstreamTasks   tasks to fine-tune on, e.g. {@code builtin/lt-acceptability}, {@code glue/rte=/data/rte}
 * @param samples           data sizes
 * @param importance        importance options
 * @param pruningFractions  fractions of heads removed, default 0, 0.1 … 0.9
 * @param rankings          which rankings are evaluated
 * @param finetuneFractions fractions at which the pretrained model, pruned by pre-training importance, is
 *                          fine-tuned on each downstream task (default 0.3, 0.5)
 * @param fineTuning        fine-tuning hyper-parameters
 * @param seed              seeds everything (masking, shuffling, random rankings, initialisation); default 42
 */
public record ExperimentRequest(String model, TaskSpec pretrainingTask, List<TaskSpec> downstreamTasks,
                                SampleSizes samples, ImportanceOptions importance, List<Double> pruningFractions,
                                RankingOptions rankings, List<Double> finetuneFractions,
                                FineTuneOptions fineTuning, Long seed) {
    public static final List<Double> DEFAULT_PRUNING_FRACTIONS =
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    public static final List<Double> DEFAULT_FINETUNE_FRACTIONS = List.of(0.3, 0.5);
    public static final long DEFAULT_SEED = 42;

    public ExperimentRequest {
        downstreamTasks = copyAllowingNulls(downstreamTasks, List.of());
        samples = samples == null ? SampleSizes.DEFAULTS : samples;
        importance = importance == null ? ImportanceOptions.DEFAULTS : importance;
        pruningFractions = copyAllowingNulls(pruningFractions, DEFAULT_PRUNING_FRACTIONS);
        rankings = rankings == null ? RankingOptions.DEFAULTS : rankings;
        finetuneFractions = copyAllowingNulls(finetuneFractions, DEFAULT_FINETUNE_FRACTIONS);
        fineTuning = fineTuning == null ? FineTuneOptions.DEFAULTS : fineTuning;
        seed = seed == null ? Long.valueOf(DEFAULT_SEED) : seed;
    }

    /** Nulls inside lists are kept so that {@link #validate()} can name them instead of failing earlier. */
    private static <T> List<T> copyAllowingNulls(List<T> list, List<T> whenAbsent) {
        return list == null ? whenAbsent : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A request with every option at its default. */
    public static ExperimentRequest of(String model, String pretrainingTask, String... downstreamTasks) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (String task : downstreamTasks) {
            tasks.add(TaskSpec.parse(task));
        }
        return new ExperimentRequest(model, TaskSpec.parse(pretrainingTask), tasks,
                null, null, null, null, null, null, null);
    }

    /** The names of the pre-training task and the downstream tasks, in that order. */
    public List<String> taskNames() {
        List<String> names = new ArrayList<>();
        if (pretrainingTask != null) {
            names.add(pretrainingTask.name());
        }
        downstreamTasks.forEach(task -> names.add(task.name()));
        return names;
    }

    /** Every ranking the pruner evaluates. */
    public List<Ranking> allRankings() {
        return rankings.rankings(taskNames());
    }

    /** Readable problems, each naming its field; empty when the request can run. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (model == null || model.isBlank()) {
            problems.add("model is required: builtin:<name> or a model directory");
        }
        if (pretrainingTask == null) {
            problems.add("pretrainingTask is required, e.g. builtin/sotu (masked LM) or builtin/sotu-pairs (contrastive)");
        }
        if (downstreamTasks.isEmpty()) {
            problems.add("downstreamTasks must name at least one task, e.g. builtin/lt-acceptability");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < downstreamTasks.size(); i++) {
            TaskSpec task = downstreamTasks.get(i);
            if (task == null) {
                problems.add("downstreamTasks[" + i + "] is missing");
            } else if (!seen.add(task.name())) {
                problems.add("downstreamTasks[" + i + "] repeats task " + task.name());
            } else if (pretrainingTask != null && task.name().equals(pretrainingTask.name())) {
                problems.add("downstreamTasks[" + i + "] is the pre-training task " + task.name());
            }
        }
        checkFractions(problems, "pruningFractions", pruningFractions, true);
        checkFractions(problems, "finetuneFractions", finetuneFractions, false);
        List<String> names = new ArrayList<>();
        if (pretrainingTask != null) {
            names.add(pretrainingTask.name());
        }
        downstreamTasks.stream().filter(java.util.Objects::nonNull).forEach(task -> names.add(task.name()));
        samples.check(problems, names);
        rankings.check(problems);
        importance.check(problems);
        fineTuning.check(problems);
        return problems;
    }

    private static void checkFractions(List<String> problems, String field, List<Double> fractions,
                                       boolean mustBeNonEmpty) {
        if (mustBeNonEmpty && fractions.isEmpty()) {
            problems.add(field + " must hold at least one fraction");
        }
        Set<Double> seen = new HashSet<>();
        for (int i = 0; i < fractions.size(); i++) {
            Double fraction = fractions.get(i);
            if (fraction == null || !(fraction >= 0 && fraction < 1)) {
                problems.add(field + "[" + i + "] must be in [0, 1), was " + fraction);
            } else if (!seen.add(fraction)) {
                problems.add(field + "[" + i + "] repeats " + ModelVariant.formatFraction(fraction));
            }
        }
    }
}
