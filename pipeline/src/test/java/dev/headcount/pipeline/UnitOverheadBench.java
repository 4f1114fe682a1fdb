package dev.headcount.pipeline;

import static dev.headcount.pipeline.BenchOutput.line;
import static dev.headcount.pipeline.BenchOutput.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.data.LoadOptions;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.device.Devices;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.RankingOptions;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.TaskSpec;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.cache.WorkerCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * A benchmark, not a test of speed: where a unit's time goes besides computing, and what {@link WorkerCache} saves.
 * On the {@code quick} preset's request (the built-in MiniLM, {@code builtin/sotu-pairs} then
 * {@code builtin/lt-acceptability} and {@code builtin/spam}, 48 scoring examples, train 160, dev 64, 48 tokens,
 * four fractions) it prints
 * <ol>
 *   <li>the cost of each input a unit loads, per model and task: reading the stored request, loading the task,
 *       fingerprinting and opening the model, tokenising the split;</li>
 *   <li>every score, prune and evaluate unit of the plan in hand-out order, one at a time, without a cache and with
 *       one shared by all of them (as in the scorer, the pruner and the in-process run), alternating for
 *       {@code headcount.bench.rounds} rounds: seconds per kind and in all.</li>
 * </ol>
 * The cached and uncached rounds must store the same bytes (asserted); the seconds are only printed and written to
 * {@code target/unit-overhead.txt}. The fine-tunes the plan needs are run once beforehand and not measured.
 * <pre>
 * nice mvn -o -q -B -pl pipeline -am test -Dtest=UnitOverheadBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dheadcount.bench=true [-Dheadcount.bench.rounds=2]
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "headcount.bench", matches = "true")
class UnitOverheadBench {
    private static final String EXPERIMENT = "bench-overhead";
    private static final List<String> DOWNSTREAM = List.of("builtin/lt-acceptability", "builtin/spam");

    @TempDir
    Path dir;

    @Test
    void whereAUnitsTimeGoes() throws Exception {
        int rounds = Integer.getInteger("headcount.bench.rounds", 2);
        ExperimentRequest request = new ExperimentRequest("builtin:all-MiniLM-L6-v2",
                TaskSpec.parse("builtin/sotu-pairs"), DOWNSTREAM.stream().map(TaskSpec::parse).toList(),
                new SampleSizes(48, 160, 64), null, List.of(0.0, 0.25, 0.5, 0.75), new RankingOptions(true, 1),
                List.of(0.5), new FineTuneOptions(1, 1e-4, 16, 48, 0.0, 0.0), 42L);
        ExperimentPlan plan = new ExperimentPlan(EXPERIMENT, request);
        Path root = dir.resolve("artifacts");
        DirectoryArtifactStore store = new DirectoryArtifactStore(root);
        StoredRequests.store(store, new ExperimentRequested(EXPERIMENT, request, Instant.parse("2026-12-07T00:00:00Z")));
        TaskLoading tasks = TaskLoading.fromEnvironment();
        // -Dheadcount.bench.finetuned=false: only the units that need no fine-tuned model (a shorter run)
        boolean finetuned = Boolean.parseBoolean(System.getProperty("headcount.bench.finetuned", "true"));
        if (finetuned) {
            FineTuneJob fineTune = new FineTuneJob(store);
            for (String task : DOWNSTREAM) {
                fineTune.run(plan, ModelVariant.finetuned(task), null, null);
            }
        }
        // the stored setup (request, fine-tuned models) stays; each round's results are moved aside after it
        List<Path> setup;
        try (Stream<Path> walk = Files.walk(root)) {
            setup = walk.filter(Files::isRegularFile).toList();
        }

        StringBuilder out = new StringBuilder();
        line(out, "unit overhead on %s, quick preset sizes; load average %.2f, %d processors", request.model(), load(),
                Runtime.getRuntime().availableProcessors());
        inputs(out, plan, store, tasks, finetuned);

        List<WorkUnit> units = runnable(WorkPlan.of(plan), finetuned);
        line(out, "units: %s", units.stream().map(WorkUnit::id).toList());
        // warm-up (native library, JIT, file caches), not counted
        runAll(plan, store, tasks, WorkerCache.disabled(), units.subList(0, 1));
        clearResults(root, setup);
        Map<String, byte[]> reference = null;
        for (int round = 1; round <= rounds; round++) {
            for (boolean cached : new boolean[]{false, true}) {
                WorkerCache cache = cached ? new WorkerCache() : WorkerCache.disabled();
                Map<WorkUnit.Kind, Double> byKind = runAll(plan, store, tasks, cache, units);
                double total = byKind.values().stream().mapToDouble(Double::doubleValue).sum();
                line(out, "round %d %-8s %d units: %.1f s (%s); %s", round, cached ? "cached" : "uncached",
                        units.size(), total, byKind.entrySet().stream().map(e -> String.format(Locale.ROOT,
                                "%s %.1f s", e.getKey().label(), e.getValue())).toList(), cache.counts());
                cache.close();
                Map<String, byte[]> stored = results(root, setup);
                if (reference == null) {
                    reference = stored;
                } else {
                    assertEquals(reference.keySet(), stored.keySet());
                    for (String file : reference.keySet()) {
                        assertArrayEquals(reference.get(file), stored.get(file), file + " differs in round " + round
                                + (cached ? " (cached)" : " (uncached)"));
                    }
                }
                clearResults(root, setup);
            }
        }
        line(out, "load average at the end %.2f", load());
        Path report = Path.of("target", "unit-overhead.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
    }

    /**
     * The plan's units but the fine-tunes, in hand-out order; without the fine-tuned models, only those whose needs
     * the other units produce (the pre-trained map's shards, the pruned models, the curves that need neither a
     * fine-tuned model nor its map).
     */
    static List<WorkUnit> runnable(WorkPlan work, boolean finetuned) {
        List<WorkUnit> units = work.units().stream().filter(u -> u.kind() != WorkUnit.Kind.FINETUNE).toList();
        if (finetuned) {
            return units;
        }
        java.util.Set<WorkPlan.Need> produced = new java.util.HashSet<>();
        List<WorkUnit> out = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WorkUnit unit : units) {
                if (!out.contains(unit) && produced.containsAll(work.needs(unit))) {
                    out.add(unit);
                    grew = true;
                    if (unit.kind() == WorkUnit.Kind.PRUNE) {
                        produced.add(new WorkPlan.ModelReady(unit.variant()));
                    } else if (unit.kind() == WorkUnit.Kind.SCORE && out.stream().filter(u -> u.kind()
                            == WorkUnit.Kind.SCORE && u.variant().equals(unit.variant()) && u.task().equals(unit.task()))
                            .count() == unit.shards()) {
                        produced.add(new WorkPlan.MapReady(unit.variant(), unit.task()));
                    }
                }
            }
        }
        return out;
    }

    /** What each input costs on its own, for the pre-trained model and one fine-tuned model. */
    private static void inputs(StringBuilder out, ExperimentPlan plan, DirectoryArtifactStore store, TaskLoading tasks,
                               boolean finetuned) throws Exception {
        ModelOpener models = new ModelOpener(store);
        ScoringJob.Settings settings = ScoringJob.Settings.of(plan);
        long t = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            StoredRequests.plan(store, plan.experimentId());
        }
        line(out, "read request.json and plan: %.1f ms", ms(t) / 10);
        for (ModelVariant variant : finetuned ? List.of(ModelVariant.pretrained(),
                ModelVariant.finetuned(DOWNSTREAM.get(0))) : List.of(ModelVariant.pretrained())) {
            String location = models.location(plan, variant);
            t = System.nanoTime();
            Provenances.model(location, models.directory(location));
            double fingerprint = ms(t);
            t = System.nanoTime();
            try (NDManager manager = Devices.newBaseManager();
                 EncoderModel model = models.openLocation(location, manager);
                 TextTokenizer tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), settings.maxLength())) {
                double open = ms(t);
                line(out, "%s: fingerprint %.0f ms (files hashed once per process, then by size and time), open the"
                        + " model %.0f ms", variant, fingerprint, open);
                for (String name : plan.request().taskNames()) {
                    TaskSpec spec = TaskLoading.specOf(plan, name);
                    for (LoadOptions options : List.of(settings.loadOptions(), new LoadOptions(
                            plan.request().samples().trainCapOf(name), plan.request().samples().devCap(),
                            settings.seed()))) {
                        t = System.nanoTime();
                        Task task = tasks.load(spec, options);
                        double load = ms(t);
                        String split = options.equals(settings.loadOptions()) ? Task.TRAIN : Task.DEV;
                        t = System.nanoTime();
                        TaskBatches.forTask(task.spec(), task.splits().get(split), tokenizer, settings.batchSize(),
                                settings.seed());
                        line(out, "  %s %s (%d examples): load the task %.0f ms, tokenise and batch %.0f ms", name,
                                split, task.splits().get(split).size(), load, ms(t));
                    }
                }
            }
        }
    }

    private static Map<WorkUnit.Kind, Double> runAll(ExperimentPlan plan, DirectoryArtifactStore store,
                                                     TaskLoading tasks, WorkerCache cache, List<WorkUnit> units)
            throws Exception {
        ScoringJob scoring = new ScoringJob(store, tasks, cache, "bench");
        PruningJob pruning = new PruningJob(store, tasks, cache, "bench");
        Map<WorkUnit.Kind, Double> seconds = new TreeMap<>();
        for (WorkUnit unit : units) {
            long t = System.nanoTime();
            // as a worker does: the plan from the stored request, for every unit
            ExperimentPlan stored = StoredRequests.plan(store, plan.experimentId());
            switch (unit.kind()) {
                case SCORE -> scoring.runShard(stored, unit, null);
                case PRUNE -> pruning.prune(stored, unit, null);
                case EVALUATE -> pruning.evaluate(stored, unit, null, null);
                default -> throw new IllegalStateException(unit.id());
            }
            seconds.merge(unit.kind(), ms(t) / 1000, Double::sum);
        }
        return seconds;
    }

    private static Map<String, byte[]> results(Path root, List<Path> setup) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(f -> !setup.contains(f)).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** Deletes every result of the units, keeping the request and the fine-tuned models. */
    private static void clearResults(Path root, List<Path> setup) throws Exception {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.toList());
        }
        java.util.Collections.reverse(all);
        for (Path p : all) {
            boolean keep = setup.contains(p) || setup.stream().anyMatch(s -> s.startsWith(p));
            if (!keep) {
                Files.delete(p);
            }
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
