package dev.headcount.pipeline;

import static dev.headcount.pipeline.BenchOutput.line;
import static dev.headcount.pipeline.BenchOutput.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.RankingOptions;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkPlan.EvaluationGrain;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.cache.WorkerCache;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a test of speed: how to cut the masked evaluations into units of work
 * ({@link EvaluationGrain}). One unit per curve (base model × ranking × evaluated task, every fraction) loads the
 * model and the dev data once for all its points; one unit per fraction spreads finer but, without a
 * {@link WorkerCache}, loads them once per point. Each grain is measured twice: without the cache (every unit
 * loads for itself) and with a fresh cache per grain, as a worker runs its units (the model, the task and the
 * tokenised dev data kept from one unit to the next). On the built-in MiniLM with the default preset's evaluation
 * sizes (dev capped at 200, 64 tokens, the ten default fractions) and one downstream task, it runs every evaluate
 * unit of one plan at each grain, one after the other in the planner's hand-out order, and prints the number of
 * units, the total compute seconds of all units and the makespan that list scheduling of the measured units would
 * give on 1, 2, 4, 8 and 16 workers. Both
 * grains must give the same events (asserted: that is the property the choice relies on); the seconds are only
 * printed, and written to {@code target/evaluation-grain.txt}.
 *
 * <p>Excluded from the default run (it needs the built-in model and data sets in the caches and takes minutes):
 * <pre>
 * nice mvn -o -q -B -pl pipeline -am test -Dtest=EvaluationGrainBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dheadcount.bench=true [-Dheadcount.bench.rounds=2]
 * </pre>
 * The setup (the pre-training map, a one-epoch fine-tune on 160 examples, its map) is not measured.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "headcount.bench", matches = "true")
class EvaluationGrainBench {
    private static final String PRETRAINING = "builtin/sotu-pairs";
    private static final String DOWNSTREAM = "builtin/spam";
    private static final int[] WORKERS = {1, 2, 4, 8, 16};

    /** A grain, and whether its units share a worker cache. */
    private record Cut(EvaluationGrain grain, boolean cached) {
    }

    private static final List<Cut> CUTS = List.of(new Cut(EvaluationGrain.CURVE, false),
            new Cut(EvaluationGrain.FRACTION, false), new Cut(EvaluationGrain.CURVE, true),
            new Cut(EvaluationGrain.FRACTION, true));

    @TempDir
    Path dir;

    @Test
    void curveAgainstFraction() throws Exception {
        int rounds = Integer.getInteger("headcount.bench.rounds", 1);
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("artifacts"));
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2", TaskSpec.parse(PRETRAINING),
                List.of(TaskSpec.parse(DOWNSTREAM)), new SampleSizes(48, 160, 200), null, null,
                new RankingOptions(true, 1), List.of(0.5), new FineTuneOptions(1, 1e-4, 32, 64, 0.0, 0.0), 42L);
        ExperimentPlan plan = new ExperimentPlan("bench-grain", request);
        TaskLoading tasks = TaskLoading.fromEnvironment();
        ScoringJob scoring = new ScoringJob(store, tasks, "bench");
        scoring.run(plan, ModelVariant.pretrained(), PRETRAINING, null);
        new FineTuneJob(store).run(plan, ModelVariant.finetuned(DOWNSTREAM), null, null);
        scoring.run(plan, ModelVariant.finetuned(DOWNSTREAM), DOWNSTREAM, null);
        PruningJob uncached = new PruningJob(store, tasks, "bench");

        StringBuilder out = new StringBuilder();
        line(out, "evaluation grain on %s: %s on pretrained + %s on its fine-tuned model; %d evaluations (%d fractions,"
                        + " rankings %s), dev %d examples, %d tokens; load average %.2f",
                request.model(), PRETRAINING, DOWNSTREAM, plan.evaluations().size(), request.pruningFractions().size(),
                request.allRankings(), request.samples().devCap(), request.fineTuning().maxLength(), load());
        // warm-up (native libraries, JIT, the model fingerprints, the data caches), then forget what it stored
        uncached.evaluate(plan, units(plan, EvaluationGrain.FRACTION).get(0), null, null);
        forget(store, plan);

        Map<String, String> reference = null;
        for (int round = 1; round <= rounds; round++) {
            for (Cut cut : CUTS) {
                // a fresh cache per grain: the first unit of each grain loads, as a worker's first unit does
                WorkerCache cache = cut.cached() ? new WorkerCache() : null;
                PruningJob job = cut.cached() ? new PruningJob(store, tasks, cache, "bench") : uncached;
                String label = cut.grain() + (cut.cached() ? " cached" : "");
                List<WorkUnit> units = units(plan, cut.grain());
                List<Double> seconds = new ArrayList<>();
                Map<String, Double> byCurve = new LinkedHashMap<>();
                Map<String, String> events = new TreeMap<>();
                for (WorkUnit unit : units) {
                    long start = System.nanoTime();
                    PruningJob.Evaluated evaluated = job.evaluate(plan, unit, null, null);
                    double s = (System.nanoTime() - start) / 1e9;
                    seconds.add(s);
                    byCurve.merge(unit.variant().name() + " " + unit.ranking().name() + " " + unit.task(), s, Double::sum);
                    for (MaskedModelEvaluated e : evaluated.events()) {
                        events.put(e.eventId(), EventJson.toJson(e));
                    }
                }
                if (cache != null) {
                    cache.close();
                }
                forget(store, plan);
                assertEquals(plan.evaluations().size(), events.size(), label + ": every evaluation once");
                if (reference == null) {
                    reference = events;
                } else {
                    assertEquals(reference, events, label + " gives other events than " + EvaluationGrain.CURVE);
                }
                double total = seconds.stream().mapToDouble(Double::doubleValue).sum();
                StringBuilder makespans = new StringBuilder();
                for (int workers : WORKERS) {
                    makespans.append(String.format(Locale.ROOT, " %d: %.1f s", workers, makespan(seconds, workers)));
                }
                line(out, "round %d %-15s %3d units, total %7.1f s compute (mean %.2f s, longest %.2f s); makespan by"
                                + " workers:%s", round, label, units.size(), total, total / units.size(),
                        seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0), makespans);
                StringBuilder curves = new StringBuilder();
                byCurve.forEach((curve, s) -> curves.append(String.format(Locale.ROOT, "; %s %.1f s", curve, s)));
                line(out, "  per curve%s", curves);
            }
        }
        line(out, "load average at the end %.2f", load());
        Path report = Path.of("target", "evaluation-grain.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
    }

    private static List<WorkUnit> units(ExperimentPlan plan, EvaluationGrain grain) {
        return WorkPlan.of(plan, grain).units().stream().filter(u -> u.kind() == WorkUnit.Kind.EVALUATE).toList();
    }

    /**
     * List scheduling in hand-out order: each unit goes to the worker that is free first. Evaluations become ready
     * together (the maps and fine-tunes they need finish before), so this is their part of an experiment's makespan.
     */
    static double makespan(List<Double> seconds, int workers) {
        double[] free = new double[workers];
        for (double s : seconds) {
            int first = 0;
            for (int w = 1; w < workers; w++) {
                if (free[w] < free[first]) {
                    first = w;
                }
            }
            free[first] += s;
        }
        double end = 0;
        for (double f : free) {
            end = Math.max(end, f);
        }
        return end;
    }

    /** Deletes every stored evaluation, so the next grain computes them all again. */
    private static void forget(DirectoryArtifactStore store, ExperimentPlan plan) throws Exception {
        Map<ModelVariant, Boolean> bases = new LinkedHashMap<>();
        plan.evaluations().forEach(k -> bases.put(k.base(), true));
        for (ModelVariant base : bases.keySet()) {
            Path evaluations = store.localPath(store.uriOf(plan.experimentId(), base, PruningJob.EVALUATIONS));
            if (Files.exists(evaluations)) {
                try (Stream<Path> files = Files.walk(evaluations)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }
}
