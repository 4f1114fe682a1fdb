package dev.headcount.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Every unit of work an experiment implies, derived from its request alone, so that each service
 * (and the report) agrees on what "complete" means without talking to the others.
 *
 * <p>Which model a task is evaluated on: the pre-training task on {@code pretrained}, a downstream
 * task on {@code finetuned/<task>}. Each task's own ranking and every random ranking are evaluated
 * on each task's own model; across tasks, the pre-training ranking is evaluated on every
 * downstream model and every downstream ranking on the pre-training task (the study's coherence
 * question in both directions).
 */
public record ExperimentPlan(String experimentId, ExperimentRequest request) {

    /** One importance map: a task scored on a model variant. */
    public record MapKey(ModelVariant variant, String task) {
    }

    /** One masked-model evaluation: a base model pruned by a ranking at a fraction, scored on a task. */
    public record EvaluationKey(ModelVariant base, Ranking ranking, double fraction, String evaluatedTask) {
    }

    public static ExperimentPlan of(ExperimentRequested event) {
        return new ExperimentPlan(event.experimentId(), event.request());
    }

    public String pretrainingTask() {
        return request.pretrainingTask().name();
    }

    public List<String> downstreamTasks() {
        return request.downstreamTasks().stream().map(TaskSpec::name).toList();
    }

    /** The model a task is fine-tuned into (downstream) or scored on as given (pre-training). */
    public ModelVariant modelFor(String task) {
        return task.equals(pretrainingTask()) ? ModelVariant.pretrained() : ModelVariant.finetuned(task);
    }

    /** The ranking by pre-training importance, which decides what is pruned before fine-tuning. */
    public Ranking pretrainingRanking() {
        return Ranking.byTask(pretrainingTask());
    }

    public List<MapKey> importanceMaps() {
        List<MapKey> maps = new ArrayList<>();
        for (String task : request.taskNames()) {
            maps.add(new MapKey(modelFor(task), task));
        }
        return maps;
    }

    /** Fine-tunes of the pre-trained model and of the pre-trained model pruned before fine-tuning. */
    public List<ModelVariant> fineTunes() {
        List<ModelVariant> out = new ArrayList<>();
        for (String task : downstreamTasks()) {
            out.add(ModelVariant.finetuned(task));
        }
        for (double fraction : request.finetuneFractions()) {
            for (String task : downstreamTasks()) {
                out.add(ModelVariant.prunedThenFinetuned(pretrainingRanking(), fraction, task));
            }
        }
        return out;
    }

    /** The pre-trained model pruned by pre-training importance, one per fine-tune fraction. */
    public List<ModelVariant> prunedModels() {
        return request.finetuneFractions().stream().map(f -> ModelVariant.pruned(pretrainingRanking(), f)).toList();
    }

    /** The (model, evaluated task) pairs on which a ranking is evaluated. */
    public List<MapKey> targetsOf(Ranking ranking) {
        List<MapKey> targets = new ArrayList<>();
        for (String task : request.taskNames()) {
            targets.add(new MapKey(modelFor(task), task));
        }
        if (ranking.isRandom()) {
            return targets;
        }
        List<MapKey> own = new ArrayList<>();
        own.add(new MapKey(modelFor(ranking.task()), ranking.task()));
        if (ranking.task().equals(pretrainingTask())) {
            downstreamTasks().forEach(t -> own.add(new MapKey(modelFor(t), t)));
        } else {
            own.add(new MapKey(ModelVariant.pretrained(), pretrainingTask()));
        }
        return own;
    }

    public List<EvaluationKey> evaluations() {
        List<EvaluationKey> out = new ArrayList<>();
        for (Ranking ranking : request.allRankings()) {
            for (MapKey target : targetsOf(ranking)) {
                for (double fraction : request.pruningFractions()) {
                    out.add(new EvaluationKey(target.variant(), ranking, fraction, target.task()));
                }
            }
        }
        return out;
    }
}
