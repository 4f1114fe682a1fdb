package dev.headcount.cli.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.cli.remote.TextTable;
import dev.headcount.events.EventJson;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkSchedule;
import dev.headcount.events.WorkUnit;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment's makespan for each number of workers per kind, against one worker per kind, and the critical
 * path at the largest number (where dependencies, not workers, bound the makespan).
 *
 * @param source    where the durations come from, in words
 * @param estimated true when they were estimated from measured rates rather than recorded by a run
 * @param notes     what else the reader should know (runs passed over)
 */
public record Simulation(String source, boolean estimated, List<String> notes, WorkPlan plan,
                        WorkSchedule.Result baseline, List<WorkSchedule.Result> results) {

    public Simulation {
        notes = List.copyOf(notes);
        results = List.copyOf(results);
    }

    public static Simulation of(String source, boolean estimated, List<String> notes, WorkPlan plan,
                                Map<WorkUnit, Double> seconds, List<Integer> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("--workers: give at least one number of workers");
        }
        for (int w : workers) {
            if (w < 1) {
                throw new IllegalArgumentException("--workers: " + w + " is not a number of workers (each must be ≥ 1)");
            }
        }
        WorkSchedule.Result baseline = WorkSchedule.simulate(plan, seconds, 1);
        List<WorkSchedule.Result> results = new ArrayList<>();
        for (int w : workers) {
            results.add(w == 1 ? baseline : WorkSchedule.simulate(plan, seconds, w));
        }
        return new Simulation(source, estimated, notes, plan, baseline, results);
    }

    public double speedup(WorkSchedule.Result result) {
        return result.makespanSeconds() > 0 ? baseline.makespanSeconds() / result.makespanSeconds() : 1;
    }

    /** The critical path reported: the one at the largest number of workers. */
    public WorkSchedule.Result widest() {
        return results.stream().max(java.util.Comparator.comparingInt(WorkSchedule.Result::workersPerKind))
                .orElseThrow();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d units (%s); durations %s%s%n", plan.units().size(), counts(),
                estimated ? "ESTIMATED from " : "from ", source));
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
        out.append('\n');
        TextTable table = new TextTable(List.of("workers/kind", "makespan", "speed-up", "scorer", "pruner",
                "finetuner"));
        for (WorkSchedule.Result r : results) {
            table.row(List.of(String.valueOf(r.workersPerKind()), duration(r.makespanSeconds()),
                    String.format(Locale.ROOT, "%.2f×", speedup(r)), percent(r, WorkSchedule.Worker.SCORER),
                    percent(r, WorkSchedule.Worker.PRUNER), percent(r, WorkSchedule.Worker.FINETUNER)));
        }
        out.append(table.render()).append('\n');
        out.append("(scorer, pruner, finetuner: share of the makespan each kind's workers were busy)\n\n");
        WorkSchedule.Result widest = widest();
        double along = widest.criticalPath().stream().mapToDouble(WorkSchedule.Slot::seconds).sum();
        out.append(String.format(Locale.ROOT, "critical path at %d workers per kind: %d units, %s of the %s makespan%n",
                widest.workersPerKind(), widest.criticalPath().size(), duration(along),
                duration(widest.makespanSeconds())));
        for (WorkSchedule.Slot slot : widest.criticalPath()) {
            out.append(String.format(Locale.ROOT, "  %10s  %s%n", duration(slot.seconds()), slot.unit().id()));
        }
        return out.toString();
    }

    public String json() {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ArrayNode workers = root.putArray("workers");
        for (WorkSchedule.Result r : results) {
            ObjectNode row = workers.addObject();
            row.put("workers", r.workersPerKind());
            row.put("makespanSeconds", r.makespanSeconds());
            row.put("speedup", speedup(r));
            ObjectNode utilisation = row.putObject("utilisation");
            for (WorkSchedule.Worker kind : WorkSchedule.Worker.values()) {
                utilisation.put(kind.label(), r.utilisation(kind));
            }
        }
        WorkSchedule.Result widest = widest();
        ArrayNode path = root.putArray("criticalPath");
        ArrayNode pathSeconds = root.putArray("criticalPathSeconds");
        for (WorkSchedule.Slot slot : widest.criticalPath()) {
            path.add(slot.unit().id());
            pathSeconds.add(slot.seconds());
        }
        root.put("criticalPathWorkers", widest.workersPerKind());
        root.put("units", plan.units().size());
        root.put("source", source);
        root.put("estimated", estimated);
        ArrayNode noteArray = root.putArray("notes");
        notes.forEach(noteArray::add);
        try {
            return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String counts() {
        List<String> parts = new ArrayList<>();
        for (WorkUnit.Kind kind : WorkUnit.Kind.values()) {
            long n = plan.units().stream().filter(u -> u.kind() == kind).count();
            parts.add(n + " " + kind.label());
        }
        return String.join(", ", parts);
    }

    private static String percent(WorkSchedule.Result r, WorkSchedule.Worker kind) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * r.utilisation(kind));
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
    }
}
