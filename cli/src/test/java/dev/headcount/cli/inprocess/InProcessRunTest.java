package dev.headcount.cli.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import dev.headcount.pipeline.FineTuneJob;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.pipeline.testing.TinyExperiment;
import dev.headcount.report.aggregation.ResultIds;
import dev.headcount.report.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny experiment run in this JVM, every unit through the workers' own jobs: each unit of the plan runs once,
 * after what it needs, and the report holds every map, evaluation and fine-tune of the plan with its files written;
 * run again under the same id it reads every result back and writes the same report apart from its timings.
 */
class InProcessRunTest {
    private static final String EXPERIMENT = "in-process-tiny";
    private static final InProcessRun.Listener NONE = new InProcessRun.Listener() {
        @Override
        public void started(WorkUnit unit, int index, int total) {
        }

        @Override
        public void done(WorkDone done, int index, int total) {
        }
    };

    @TempDir
    Path dir;

    private InProcessRun.Outcome run(TinyExperiment tiny, Path store, Path out, List<String> lines) throws Exception {
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(store);
        InProcessRun.Listener listener = new InProcessRun.Listener() {
            @Override
            public void started(WorkUnit unit, int index, int total) {
                lines.add("start " + unit.id());
            }

            @Override
            public void done(WorkDone done, int index, int total) {
                lines.add("done " + done.unit().id() + " " + index + "/" + total);
            }
        };
        return new InProcessRun(artifacts, TaskLoading.fromEnvironment(), new FineTuneJob(artifacts), listener,
                Clock.systemUTC()).run(new ExperimentRequested(EXPERIMENT, tiny.request(), Instant.now()), out);
    }

    @Test
    void runsEveryUnitOnceAfterItsNeedsAndWritesTheWholeReport() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        List<String> lines = new ArrayList<>();
        InProcessRun.Outcome first = run(tiny, dir.resolve("artifacts"), dir.resolve("run1"), lines);

        ExperimentPlan plan = new ExperimentPlan(EXPERIMENT, tiny.request());
        WorkPlan work = WorkPlan.of(plan);
        List<WorkDone> done = first.snapshot().work();
        assertEquals(work.units().size(), done.size(), "a WorkDone per unit");
        assertEquals(Set.copyOf(work.units()), done.stream().map(WorkDone::unit).collect(Collectors.toSet()),
                "every unit of the plan, once");
        // nothing was stored before the first run: every unit of every kind is computed, none read back
        for (WorkUnit.Kind kind : WorkUnit.Kind.values()) {
            List<WorkDone> ofKind = done.stream().filter(d -> d.unit().kind() == kind).toList();
            assertFalse(ofKind.isEmpty(), kind + " units");
            assertTrue(ofKind.stream().noneMatch(WorkDone::reused), kind + " units read back: " + ofKind);
        }
        // each unit ran after every unit producing what it needs
        Map<WorkUnit, Integer> position = new HashMap<>();
        for (int i = 0; i < done.size(); i++) {
            position.put(done.get(i).unit(), i);
        }
        for (WorkUnit unit : work.units()) {
            for (WorkPlan.Need need : work.needs(unit)) {
                for (WorkUnit producer : work.producersOf(need)) {
                    assertTrue(position.get(producer) < position.get(unit), unit.id() + " ran before " + producer.id());
                }
            }
        }
        assertEquals(2 * work.units().size(), lines.size(), lines.toString());

        // every result the plan expects is in the report
        assertTrue(first.snapshot().completion().complete(), first.snapshot().completion().missing().toString());
        Set<String> maps = new HashSet<>();
        first.snapshot().maps().forEach(m -> maps.add(ResultIds.map(EXPERIMENT, m.variant(), m.task())));
        Set<String> expectedMaps = new HashSet<>();
        plan.importanceMaps().forEach(k -> expectedMaps.add(ResultIds.map(EXPERIMENT, k.variant(), k.task())));
        assertEquals(expectedMaps, maps);
        Set<String> evaluations = new HashSet<>();
        first.snapshot().evaluations().forEach(e -> evaluations.add(ResultIds.evaluation(EXPERIMENT, e.baseVariant(),
                e.ranking(), e.fraction(), e.evaluatedTask())));
        assertEquals(plan.evaluations().size(), first.snapshot().evaluations().size(), "each evaluation once");
        Set<String> expectedEvaluations = new HashSet<>();
        plan.evaluations().forEach(k -> expectedEvaluations.add(ResultIds.evaluation(EXPERIMENT, k.base(),
                k.ranking(), k.fraction(), k.evaluatedTask())));
        assertEquals(expectedEvaluations, evaluations);
        assertEquals(Set.copyOf(plan.fineTunes()),
                first.snapshot().fineTunes().stream().map(f -> f.variant()).collect(Collectors.toSet()));

        Path out = dir.resolve("run1");
        for (String name : List.of(ReportFiles.JSON, ReportFiles.MARKDOWN)) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        assertTrue(first.files().stream().anyMatch(f -> f.toString().endsWith(".csv")), first.files().toString());
        assertTrue(first.files().stream().anyMatch(f -> f.toString().endsWith(".svg")), first.files().toString());
        first.files().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
        JsonNode json = EventJson.mapper().readTree(out.resolve(ReportFiles.JSON).toFile());
        assertEquals("completed", json.path("status").asText(), json.path("status").toString());
        assertEquals(work.units().size(), json.path("units").size(), "report.json lists every unit");
        assertEquals(plan.importanceMaps().size(), json.path("importance").size());
        String markdown = Files.readString(out.resolve(ReportFiles.MARKDOWN));
        for (ExperimentPlan.MapKey key : plan.importanceMaps()) {
            assertTrue(markdown.contains(key.task()), key.task());
        }

        // again under the same id and store: every result read back, the same numbers, tables and figures
        InProcessRun.Outcome second = run(tiny, dir.resolve("artifacts"), dir.resolve("run2"), new ArrayList<>());
        assertTrue(second.snapshot().work().stream().allMatch(WorkDone::reused), "a second run computes nothing");
        assertEquals(first.snapshot().evaluations(), second.snapshot().evaluations());
        assertEquals(first.snapshot().fineTunes(), second.snapshot().fineTunes());
        List<String> compared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = out.relativize(file).toString();
                // report.json and report.md carry the units' timings and the completion time, which differ
                if (name.equals(ReportFiles.JSON) || name.equals(ReportFiles.MARKDOWN) || name.contains("unit")) {
                    continue;
                }
                assertTrue(java.util.Arrays.equals(Files.readAllBytes(file),
                        Files.readAllBytes(dir.resolve("run2").resolve(name))), name + " differs");
                compared.add(name);
            }
        }
        assertFalse(compared.isEmpty());
    }

    @Test
    void anInvalidRequestIsRefusedWithItsProblems() throws Exception {
        TinyExperiment tiny = TinyExperiment.create(dir.resolve("tiny"));
        var request = tiny.request();
        var bad = new dev.headcount.events.ExperimentRequest(request.model(), request.pretrainingTask(),
                request.downstreamTasks(), request.samples(), request.importance(), List.of(0.0, 1.5),
                request.rankings(), request.finetuneFractions(), request.fineTuning(), request.seed());
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new InProcessRun(
                artifacts, TaskLoading.fromEnvironment(), new FineTuneJob(artifacts), NONE,
                Clock.systemUTC()).run(new ExperimentRequested(EXPERIMENT, bad, Instant.now()), dir.resolve("out")));
        assertTrue(refused.getMessage().contains("1.5"), refused.getMessage());
    }
}
