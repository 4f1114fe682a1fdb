package dev.headcount.cli;

import dev.headcount.cli.bench.UnitRates;
import dev.headcount.cli.simulate.RecordedRun;
import dev.headcount.cli.simulate.RecordedRuns;
import dev.headcount.cli.simulate.Simulation;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How long an experiment would take with more GPU workers of each kind: list scheduling of its work units in the
 * planner's hand-out order, respecting the choreography's dependencies, with the units' durations from the latest
 * run of the preset (or {@code --from}), else from rates measured now.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Predict an experiment's duration for several numbers of GPU workers per kind (scorer, pruner, "
                + "finetuner): list scheduling of its work units in the order the planner hands them out, each unit "
                + "once what it needs is done. Prints the makespan, the speed-up over one worker per kind, each "
                + "kind's utilisation and the critical path (at the largest number of workers).",
                "Unit durations: the units array of --from REPORT.json, else of the newest run of the preset in "
                        + "--runs (whose request has the preset's plan), else estimated from unit rates measured now "
                        + "on the preset's model (the output says so).",
                "Example: ./headcount simulate --preset default --workers 1,2,4,8,16 --format json"})
public final class SimulateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--preset", defaultValue = "default",
            description = "the experiment: " + "default, quick, bert-base-mlm, roberta-base-glue or albert-base-v2-glue "
                    + "(default ${DEFAULT-VALUE}); ignored with --from, whose report names its request")
    String preset;

    @Option(names = "--workers", split = ",", defaultValue = "1,2,4,8,16", paramLabel = "N",
            description = "numbers of workers per kind to simulate (default ${DEFAULT-VALUE})")
    List<Integer> workers;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "text or json (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--from", paramLabel = "REPORT.json", description = "a run's report.json to take durations from")
    Path from;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "where ./headcount run keeps its runs (default: runs/ of the repository)")
    Path runs;

    @Option(names = "--evaluation-grain", paramLabel = "CURVE|FRACTION",
            description = "one evaluation unit per curve (all fractions) or per fraction: with estimated durations "
                    + "the plan's cut (default CURVE, as the planner hands out); with a recorded run, its curves "
                    + "cut per fraction (or its fractions joined into curves) with each point's recorded seconds "
                    + "(default: the run's own cut)")
    WorkPlan.EvaluationGrain grain;

    @Option(names = "--iterations", defaultValue = "3", paramLabel = "N",
            description = "measured batches per kind when rates are measured (median; default ${DEFAULT-VALUE})")
    int iterations;

    private final PrintStream log = System.err;

    @Override
    public Integer call() throws Exception {
        device.apply();
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, was " + iterations);
        }
        for (int w : workers) {
            if (w < 1) {
                throw new IllegalArgumentException("--workers: " + w + " is not a number of workers (each must be ≥ 1)");
            }
        }
        Simulation simulation = from != null ? fromReport(from, List.of()) : fromPreset();
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? simulation.json() + "\n" : simulation.text());
        out.flush();
        return 0;
    }

    private Simulation fromReport(Path report, List<String> notes) throws Exception {
        if (!Files.isRegularFile(report)) {
            throw new IllegalArgumentException("--from: no such file " + report);
        }
        RecordedRun run = RecordedRun.read(report);
        RecordedRun.Durations recorded = run.durations();
        RecordedRun.Durations durations = grain == null ? recorded : recorded.cutAs(grain);
        List<String> all = new ArrayList<>(notes);
        String cut = durations.grain().name().toLowerCase(java.util.Locale.ROOT);
        all.add(durations == recorded ? "evaluation grain " + cut + " (as the run's units)"
                : "evaluation grain " + cut + " (the run's " + recorded.grain().name().toLowerCase(java.util.Locale.ROOT)
                        + " units recut: each point at its recorded seconds per point)");
        return Simulation.of(report + (run.experimentId() == null ? "" : " (experiment " + run.experimentId() + ")"),
                false, all, durations.plan(), durations.seconds(), workers);
    }

    private Simulation fromPreset() throws Exception {
        ExperimentRequest request = presetRequest(preset);
        Path runsDirectory = runs != null ? runs
                : Path.of(System.getProperty("headcount.repository", ".")).toAbsolutePath().normalize().resolve("runs");
        RecordedRuns found = RecordedRuns.find(runsDirectory, request);
        if (found.latest().isPresent()) {
            return fromReport(found.latest().get().file(), found.notes());
        }
        WorkPlan.EvaluationGrain cut = grain == null ? WorkPlan.EvaluationGrain.CURVE : grain;
        WorkPlan plan = WorkPlan.of(new ExperimentPlan("preset-" + preset, request), cut);
        log.println("headcount: no run of preset " + preset + " with unit timings in " + runsDirectory
                + "; measuring unit rates of " + request.model() + " (a minute or so)");
        UnitRates rates = UnitRates.measure(request.model(), request.fineTuning().batchSize(),
                request.importance().batchSize(), 32, request.fineTuning().maxLength(), iterations);
        Map<WorkUnit, Double> seconds = new HashMap<>();
        plan.units().forEach(u -> seconds.put(u, rates.secondsPerCost().get(u.kind()) * plan.cost(u)));
        List<String> notes = new ArrayList<>(found.notes());
        notes.add("evaluation grain " + cut.name().toLowerCase(java.util.Locale.ROOT));
        notes.add("estimated: each unit's seconds = its kind's measured rate × WorkPlan.cost (model and data loading "
                + "left out)");
        return Simulation.of(rates.description(), true, notes, plan, seconds, workers);
    }

    /** The request {@code headcount run --preset P} submits, as the report-service reads it. */
    static ExperimentRequest presetRequest(String preset) {
        Map<String, Object> body;
        try {
            body = ExperimentPresets.of(preset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--preset: " + e.getMessage(), e);
        }
        return EventJson.mapper().convertValue(body, ExperimentRequest.class);
    }
}
