package dev.headcount.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The planner: every {@link WorkUnit} an experiment implies, what each needs before it can run, and the order in
 * which units are handed out. Derived from the request alone ({@link ExperimentPlan}), like the plan itself, so the
 * report-service (which hands units out), the workers and {@code headcount simulate} agree on it.
 *
 * <p>Dependencies follow the study: the pre-training map's shards and the full fine-tunes need nothing; a
 * downstream map's shards need their fine-tuned model; a pruned model needs the pre-training map; a pruned model's
 * fine-tunes need it; an evaluation needs its base model (unless it is the pre-trained one) and its ranking's map
 * (unless the ranking is random).
 *
 * <p>Hand-out order ({@link #units()}): by depth in the dependency graph, then longest first by
 * {@link #cost estimated cost}, then in the plan's order. Units of one depth become ready together, so handing
 * out the long ones first shortens the tail (longest-processing-time-first list scheduling).
 */
public final class WorkPlan {

    /** Something a unit needs: a stored importance map or a stored model. */
    public sealed interface Need permits MapReady, ModelReady {
    }

    /** The importance map of {@code task} on {@code variant} is stored ({@code ImportanceMapCompleted}). */
    public record MapReady(ModelVariant variant, String task) implements Need {
    }

    /** The model {@code variant} is stored ({@code ModelFineTuned}, {@code PrunedModelReady}). */
    public record ModelReady(ModelVariant variant) implements Need {
    }

    /** How masked evaluations are cut into units. */
    public enum EvaluationGrain {
        /** One unit per base model × ranking × evaluated task, over every fraction (one model load, one data load). */
        CURVE,
        /** One unit per point of a curve: finer, more units to spread, but each loads the model and data again. */
        FRACTION
    }

    private final ExperimentPlan plan;
    private final List<WorkUnit> units;
    private final Map<WorkUnit, Set<Need>> needs = new HashMap<>();
    private final Map<WorkUnit, Integer> ordinals = new HashMap<>();

    private WorkPlan(ExperimentPlan plan, EvaluationGrain grain) {
        this.plan = plan;
        List<WorkUnit> inPlanOrder = new ArrayList<>();
        String pretraining = plan.pretrainingTask();
        // the pre-training map and the full fine-tunes: needed by everything else
        for (int s = 0; s < shards(); s++) {
            add(inPlanOrder, WorkUnit.score(ModelVariant.pretrained(), pretraining, s, shards()));
        }
        for (ModelVariant variant : plan.fineTunes()) {
            if (variant.kind() == ModelVariant.Kind.FINETUNED) {
                add(inPlanOrder, WorkUnit.fineTune(variant), new ModelReady(variant.base()));
            }
        }
        for (String task : plan.downstreamTasks()) {
            ModelVariant model = ModelVariant.finetuned(task);
            for (int s = 0; s < shards(); s++) {
                add(inPlanOrder, WorkUnit.score(model, task, s, shards()), new ModelReady(model));
            }
        }
        MapReady pretrainingMap = new MapReady(ModelVariant.pretrained(), pretraining);
        for (ModelVariant pruned : plan.prunedModels()) {
            add(inPlanOrder, WorkUnit.prune(pruned), pretrainingMap);
        }
        for (ModelVariant variant : plan.fineTunes()) {
            if (variant.kind() == ModelVariant.Kind.PRUNED_THEN_FINETUNED) {
                add(inPlanOrder, WorkUnit.fineTune(variant), new ModelReady(variant.base()));
            }
        }
        Map<List<Object>, List<Double>> curves = new LinkedHashMap<>();
        for (ExperimentPlan.EvaluationKey key : plan.evaluations()) {
            curves.computeIfAbsent(List.of(key.base(), key.ranking(), key.evaluatedTask()), k -> new ArrayList<>())
                    .add(key.fraction());
        }
        for (Map.Entry<List<Object>, List<Double>> curve : curves.entrySet()) {
            ModelVariant base = (ModelVariant) curve.getKey().get(0);
            Ranking ranking = (Ranking) curve.getKey().get(1);
            String task = (String) curve.getKey().get(2);
            List<Need> evaluationNeeds = new ArrayList<>();
            evaluationNeeds.add(new ModelReady(base));
            if (!ranking.isRandom()) {
                evaluationNeeds.add(new MapReady(plan.modelFor(ranking.task()), ranking.task()));
            }
            List<List<Double>> cuts = grain == EvaluationGrain.CURVE ? List.of(curve.getValue())
                    : curve.getValue().stream().map(List::of).toList();
            for (List<Double> fractions : cuts) {
                add(inPlanOrder, WorkUnit.evaluate(base, ranking, task, fractions), evaluationNeeds.toArray(Need[]::new));
            }
        }
        Map<WorkUnit, Integer> depth = new HashMap<>();
        Map<WorkUnit, Integer> planIndex = new HashMap<>();
        for (int i = 0; i < inPlanOrder.size(); i++) {
            planIndex.put(inPlanOrder.get(i), i);
        }
        for (WorkUnit unit : inPlanOrder) {
            // producers come before their consumers in plan order, so one pass suffices
            int d = 0;
            for (Need need : needs.get(unit)) {
                for (WorkUnit producer : producersOf(need, inPlanOrder)) {
                    d = Math.max(d, depth.get(producer) + 1);
                }
            }
            depth.put(unit, d);
        }
        List<WorkUnit> ordered = new ArrayList<>(inPlanOrder);
        ordered.sort(Comparator.<WorkUnit>comparingInt(depth::get)
                .thenComparing(Comparator.comparingDouble(this::cost).reversed())
                .thenComparingInt(planIndex::get));
        this.units = List.copyOf(ordered);
        Map<String, Integer> perTopic = new HashMap<>();
        for (WorkUnit unit : units) {
            ordinals.put(unit, perTopic.merge(unit.topic(), 1, Integer::sum) - 1);
        }
    }

    public static WorkPlan of(ExperimentPlan plan) {
        return new WorkPlan(plan, EvaluationGrain.CURVE);
    }

    public static WorkPlan of(ExperimentPlan plan, EvaluationGrain grain) {
        return new WorkPlan(plan, grain);
    }

    public ExperimentPlan plan() {
        return plan;
    }

    /** Scoring shards per map ({@code importance.shards}). */
    public int shards() {
        return plan.request().importance().shards();
    }

    /** Every unit, in hand-out order. */
    public List<WorkUnit> units() {
        return units;
    }

    /** What the unit needs before it can run (empty: ready at once). */
    public Set<Need> needs(WorkUnit unit) {
        Set<Need> n = needs.get(unit);
        if (n == null) {
            throw new IllegalArgumentException("experiment " + plan.experimentId() + " has no unit " + unit.id());
        }
        return n;
    }

    public boolean contains(WorkUnit unit) {
        return needs.containsKey(unit);
    }

    /** The unit's place among the units of its topic, in hand-out order. */
    public int ordinal(WorkUnit unit) {
        needs(unit);
        return ordinals.get(unit);
    }

    /** The request that hands {@code unit} out. */
    public WorkRequested request(WorkUnit unit) {
        return new WorkRequested(plan.experimentId(), unit, ordinal(unit));
    }

    /** The units whose needs {@code need} fulfils: the units that produce it (a map's shards, a model's unit). */
    public List<WorkUnit> producersOf(Need need) {
        return producersOf(need, units);
    }

    private static List<WorkUnit> producersOf(Need need, List<WorkUnit> among) {
        return among.stream().filter(u -> produces(u, need)).toList();
    }

    private static boolean produces(WorkUnit unit, Need need) {
        if (need instanceof MapReady m) {
            return unit.kind() == WorkUnit.Kind.SCORE && unit.variant().equals(m.variant()) && unit.task().equals(m.task());
        }
        ModelReady m = (ModelReady) need;
        return (unit.kind() == WorkUnit.Kind.FINETUNE || unit.kind() == WorkUnit.Kind.PRUNE)
                && unit.variant().equals(m.variant());
    }

    private void add(List<WorkUnit> into, WorkUnit unit, Need... unitNeeds) {
        Set<Need> set = new LinkedHashSet<>();
        for (Need need : unitNeeds) {
            // the pre-trained model is the request's own: always there
            if (!(need instanceof ModelReady m && m.variant().equals(ModelVariant.pretrained()))) {
                set.add(need);
            }
        }
        into.add(unit);
        needs.put(unit, Set.copyOf(set));
    }

    /** The units that need nothing: handed out when the experiment is requested. */
    public List<WorkRequested> atStart() {
        return units.stream().filter(u -> needs.get(u).isEmpty()).map(this::request).toList();
    }

    /**
     * The units that {@code fact} makes ready: they need it, and everything else they need is {@code done}. Each
     * unit is unlocked by exactly one fact when facts are handled one at a time — the last of its needs — so units
     * are handed out once; a redelivered fact hands them out again, which the workers' stored results make harmless.
     */
    public List<WorkRequested> unlockedBy(Need fact, Predicate<Need> done) {
        return units.stream()
                .filter(u -> needs.get(u).contains(fact))
                .filter(u -> needs.get(u).stream().allMatch(n -> n.equals(fact) || done.test(n)))
                .map(this::request).toList();
    }

    /** Every unit whose needs are all {@code done}, in hand-out order (to hand out again after an outage). */
    public List<WorkRequested> ready(Predicate<Need> done) {
        return units.stream().filter(u -> needs.get(u).stream().allMatch(done)).map(this::request).toList();
    }

    /**
     * A unit's relative cost, in example passes (a backward pass counted as two forward passes), for handing out
     * long units first and for {@code headcount simulate} where no run has measured the units. Fine-tunes: every
     * training example of every epoch forward and backward, plus a dev evaluation per epoch; a scoring shard: its
     * examples forward and backward; an evaluation: the dev set once per fraction; a pruned model: a nominal 1.
     */
    public double cost(WorkUnit unit) {
        var samples = plan.request().samples();
        return switch (unit.kind()) {
            case FINETUNE -> {
                int epochs = plan.request().fineTuning().epochs();
                yield epochs * (3.0 * samples.trainCapOf(unit.variant().task()) + samples.devCap());
            }
            case SCORE -> 3.0 * samples.scoringExamples() / unit.shards();
            case EVALUATE -> (double) samples.devCap() * unit.fractions().size();
            case PRUNE -> 1.0;
        };
    }
}
