package dev.headcount.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment would take with {@code W} workers of each kind: list scheduling of a {@link WorkPlan}'s units
 * with known durations, as the choreography runs them. A unit becomes ready when everything it needs is there (a
 * map when all its scoring shards are done, a model when its fine-tune or prune unit is done); a free worker of the
 * unit's kind takes the ready unit that comes first in the planner's hand-out order ({@link WorkPlan#units()}),
 * as the partitioned work topics hand them out. Transport and start-up costs are not modelled: the durations are
 * the units' own.
 */
public final class WorkSchedule {

    /** The worker kinds: each consumes one work topic (scorer: score and prune units; pruner: evaluate; finetuner). */
    public enum Worker {
        SCORER, PRUNER, FINETUNER;

        /** The worker that consumes the kind's work topic (pruned models travel on the scorer's). */
        public static Worker of(WorkUnit.Kind kind) {
            return switch (kind.topic()) {
                case Topics.SCORING_JOBS -> SCORER;
                case Topics.PRUNING_JOBS -> PRUNER;
                case Topics.FINETUNE_JOBS -> FINETUNER;
                default -> throw new IllegalStateException("no worker consumes " + kind.topic());
            };
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One unit as scheduled: on worker {@code worker} (0-based, within its kind) from {@code start} to {@code finish}. */
    public record Slot(WorkUnit unit, Worker kind, int worker, double start, double finish) {
        public double seconds() {
            return finish - start;
        }
    }

    /**
     * @param workersPerKind  workers of each kind
     * @param makespanSeconds when the last unit finishes
     * @param busySeconds     per kind, the seconds its workers spent on units (summed over its workers)
     * @param slots           every unit in the order it started
     * @param criticalPath    from a unit that starts the experiment to the one that finishes last, each unit the
     *                        producer of the need of the next that was met last
     */
    public record Result(int workersPerKind, double makespanSeconds, Map<Worker, Double> busySeconds, List<Slot> slots,
                         List<Slot> criticalPath) {
        public Result {
            busySeconds = Collections.unmodifiableMap(new EnumMap<>(busySeconds));
            slots = List.copyOf(slots);
            criticalPath = List.copyOf(criticalPath);
        }

        /** The share of the makespan that the kind's workers were busy (0 when nothing ran). */
        public double utilisation(Worker kind) {
            double capacity = makespanSeconds * workersPerKind;
            return capacity > 0 ? busySeconds.getOrDefault(kind, 0.0) / capacity : 0;
        }
    }

    private WorkSchedule() {
    }

    /**
     * Schedules every unit of {@code plan}.
     *
     * @param seconds each unit's duration; every unit of the plan must have one (≥ 0)
     * @throws IllegalArgumentException naming the units without a duration, or a negative one
     */
    public static Result simulate(WorkPlan plan, Map<WorkUnit, Double> seconds, int workersPerKind) {
        if (workersPerKind < 1) {
            throw new IllegalArgumentException("workers per kind must be at least 1, was " + workersPerKind);
        }
        List<WorkUnit> units = plan.units();
        List<String> missing = units.stream().filter(u -> seconds.get(u) == null).map(WorkUnit::id).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " of " + units.size() + " units have no duration: "
                    + String.join(", ", missing));
        }
        units.stream().filter(u -> !(seconds.get(u) >= 0)).findFirst().ifPresent(u -> {
            throw new IllegalArgumentException("unit " + u.id() + " has duration " + seconds.get(u) + " s; must be ≥ 0");
        });
        Map<WorkUnit, Integer> order = new HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            order.put(units.get(i), i);
        }
        // the producers of each need, found once: a need is met when the last of them finishes
        Map<WorkPlan.Need, List<WorkUnit>> producers = new HashMap<>();
        for (WorkUnit unit : units) {
            for (WorkPlan.Need need : plan.needs(unit)) {
                producers.computeIfAbsent(need, plan::producersOf);
            }
        }
        Map<WorkUnit, Slot> scheduled = new HashMap<>();
        Map<WorkUnit, Slot> finished = new HashMap<>();
        List<Slot> running = new ArrayList<>();
        List<Slot> started = new ArrayList<>();
        Map<Worker, boolean[]> busy = new EnumMap<>(Worker.class);
        Map<Worker, Double> busySeconds = new EnumMap<>(Worker.class);
        for (Worker kind : Worker.values()) {
            busy.put(kind, new boolean[workersPerKind]);
            busySeconds.put(kind, 0.0);
        }
        double now = 0;
        while (finished.size() < units.size()) {
            // hand out: every free worker takes the first ready unit of its kind in hand-out order
            for (WorkUnit unit : units) {
                if (scheduled.containsKey(unit) || !ready(unit, plan, producers, finished)) {
                    continue;
                }
                Worker kind = Worker.of(unit.kind());
                int worker = free(busy.get(kind));
                if (worker < 0) {
                    continue;
                }
                busy.get(kind)[worker] = true;
                Slot slot = new Slot(unit, kind, worker, now, now + seconds.get(unit));
                scheduled.put(unit, slot);
                running.add(slot);
                started.add(slot);
                busySeconds.merge(kind, slot.seconds(), Double::sum);
            }
            if (running.isEmpty()) {
                List<String> stuck = units.stream().filter(u -> !scheduled.containsKey(u)).map(WorkUnit::id).toList();
                throw new IllegalStateException("units that can never become ready: " + stuck);
            }
            // advance to the next finish; everything finishing then frees its worker and meets its needs
            double next = running.stream().mapToDouble(Slot::finish).min().orElseThrow();
            now = next;
            for (var it = running.iterator(); it.hasNext(); ) {
                Slot slot = it.next();
                if (slot.finish() <= next) {
                    it.remove();
                    finished.put(slot.unit(), slot);
                    busy.get(slot.kind())[slot.worker()] = false;
                }
            }
        }
        double makespan = started.stream().mapToDouble(Slot::finish).max().orElse(0);
        return new Result(workersPerKind, makespan, busySeconds, started,
                criticalPath(plan, producers, finished, order));
    }

    private static boolean ready(WorkUnit unit, WorkPlan plan, Map<WorkPlan.Need, List<WorkUnit>> producers,
                                 Map<WorkUnit, Slot> finished) {
        for (WorkPlan.Need need : plan.needs(unit)) {
            for (WorkUnit producer : producers.get(need)) {
                if (!finished.containsKey(producer)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int free(boolean[] busy) {
        for (int i = 0; i < busy.length; i++) {
            if (!busy[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Back from the unit that finishes last, each step to the producer that finished last among the producers of
     * the unit's needs (the one that made it ready). Ties go to the unit later in hand-out order: it is the one
     * that was waited for, and the choice is the same on every run (the needs are a set, without an order).
     */
    private static List<Slot> criticalPath(WorkPlan plan, Map<WorkPlan.Need, List<WorkUnit>> producers,
                                           Map<WorkUnit, Slot> finished, Map<WorkUnit, Integer> order) {
        List<Slot> path = new ArrayList<>();
        Slot current = finished.values().stream().max(later(order)).orElse(null);
        while (current != null) {
            path.add(current);
            Slot cause = null;
            for (WorkPlan.Need need : plan.needs(current.unit())) {
                for (WorkUnit producer : producers.get(need)) {
                    Slot candidate = finished.get(producer);
                    if (cause == null || later(order).compare(candidate, cause) > 0) {
                        cause = candidate;
                    }
                }
            }
            current = cause;
        }
        Collections.reverse(path);
        return path;
    }

    private static java.util.Comparator<Slot> later(Map<WorkUnit, Integer> order) {
        return java.util.Comparator.comparingDouble(Slot::finish).thenComparingInt(s -> order.get(s.unit()));
    }
}
