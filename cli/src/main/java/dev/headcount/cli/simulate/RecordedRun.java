package dev.headcount.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.events.EventJson;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finished run as its {@code report.json} records it: the request (the report's summary of it) and, from the
 * {@code units} array the report-service writes (one entry per {@code WorkDone}), the seconds each unit took
 * where it was computed ({@code reused == false}; the last such entry when a unit was computed more than once).
 *
 * @param unitsRecorded false for a report written before reports recorded their units
 */
public record RecordedRun(Path file, String experimentId, String requestedAt, ExperimentRequest request,
                          boolean unitsRecorded, Map<String, Double> computedSeconds) {

    private static final Pattern SHARD = Pattern.compile("^score/.*/(\\d+)-of-(\\d+)$");

    public RecordedRun {
        computedSeconds = Map.copyOf(computedSeconds);
    }

    public static RecordedRun read(Path file) throws IOException {
        JsonNode report;
        try {
            report = EventJson.mapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage(), e);
        }
        if (report == null || !report.isObject()) {
            throw new IOException(file + " is not a report: expected a JSON object");
        }
        JsonNode units = report.path("units");
        if (!units.isMissingNode() && !units.isArray()) {
            throw new IOException(file + ": units must be an array, was " + units.getNodeType());
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        int shards = 0;
        for (int i = 0; i < units.size(); i++) {
            JsonNode entry = units.get(i);
            String where = file + ": units[" + i + "]";
            if (!entry.path("id").isTextual() || entry.path("id").asText().isBlank()) {
                throw new IOException(where + " has no id");
            }
            String id = entry.get("id").asText();
            if (!entry.path("seconds").isNumber() || !(entry.get("seconds").asDouble() >= 0)) {
                throw new IOException(where + " (" + id + "): seconds must be a number ≥ 0, was " + entry.get("seconds"));
            }
            if (!entry.path("reused").isBoolean()) {
                throw new IOException(where + " (" + id + "): reused must be true or false, was " + entry.get("reused"));
            }
            Matcher shard = SHARD.matcher(id);
            if (shard.matches()) {
                shards = Math.max(shards, Integer.parseInt(shard.group(2)));
            }
            if (!entry.get("reused").asBoolean()) {
                // entries are sorted by start: the last computation of a unit wins
                seconds.put(id, entry.get("seconds").asDouble());
            }
        }
        ExperimentRequest request = request(file, report.path("request"), shards);
        return new RecordedRun(file, report.path("experimentId").asText(null), report.path("requestedAt").asText(null),
                request, units.isArray(), seconds);
    }

    /**
     * The request from the report's summary of it: the fields that shape the plan. The summary lists rankings by
     * name (task rankings and {@code random:<seed>}); the shard count is the request's where the summary has it,
     * else the units' ({@code score/…/<i>-of-<n>}).
     */
    static ExperimentRequest request(Path file, JsonNode summary, int shardsOfUnits) throws IOException {
        if (!summary.isObject()) {
            throw new IOException(file + " has no request object");
        }
        ObjectNode body = EventJson.mapper().createObjectNode();
        for (String field : List.of("model", "pretrainingTask", "downstreamTasks", "pruningFractions",
                "finetuneFractions", "fineTuning", "seed")) {
            if (summary.has(field)) {
                body.set(field, summary.get(field));
            }
        }
        ObjectNode samples = body.putObject("samples");
        for (String field : List.of("scoringExamples", "trainCap", "devCap", "trainCapByTask")) {
            if (summary.has(field)) {
                samples.set(field, summary.get(field));
            }
        }
        JsonNode shards = summary.has("shards") ? summary.get("shards") : summary.path("importance").path("shards");
        if (shards.isInt()) {
            body.putObject("importance").put("shards", shards.asInt());
        } else if (shardsOfUnits > 0) {
            body.putObject("importance").put("shards", shardsOfUnits);
        }
        if (summary.path("rankings").isArray()) {
            boolean byTask = false;
            int random = 0;
            for (JsonNode ranking : summary.get("rankings")) {
                byTask |= ranking.asText().startsWith("task:");
                random += ranking.asText().startsWith("random:") ? 1 : 0;
            }
            body.putObject("rankings").put("byTaskImportance", byTask).put("randomSeeds", random);
        }
        try {
            return EventJson.mapper().treeToValue(body, ExperimentRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + ": its request cannot be read back: " + e.getMessage(), e);
        }
    }

    /** The work plan the run handed out and every unit's seconds. */
    public record Durations(WorkPlan plan, WorkPlan.EvaluationGrain grain, Map<WorkUnit, Double> seconds) {

        /**
         * The same run's work cut into evaluation units of {@code target} grain: a curve's seconds spread evenly over
         * its points, or a curve's seconds the sum of its points'; every other unit as recorded. Even, because a
         * point costs the same in either cut once a worker keeps its model and data between units
         * ({@code EvaluationGrainBench}: 122.5 s per fraction against 121.5 s per curve for the same 60 points).
         */
        public Durations cutAs(WorkPlan.EvaluationGrain target) {
            if (target == grain) {
                return this;
            }
            WorkPlan other = WorkPlan.of(plan.plan(), target);
            Map<WorkUnit, Double> recut = new HashMap<>();
            for (WorkUnit unit : other.units()) {
                if (unit.kind() != WorkUnit.Kind.EVALUATE) {
                    recut.put(unit, seconds.get(unit));
                    continue;
                }
                double total = 0;
                for (Map.Entry<WorkUnit, Double> recorded : seconds.entrySet()) {
                    WorkUnit r = recorded.getKey();
                    if (r.kind() == WorkUnit.Kind.EVALUATE && r.variant().equals(unit.variant())
                            && r.ranking().equals(unit.ranking()) && r.task().equals(unit.task())) {
                        // the recorded unit's points that this unit has, at the recorded unit's seconds per point
                        long shared = r.fractions().stream().filter(unit.fractions()::contains).count();
                        total += recorded.getValue() * shared / r.fractions().size();
                    }
                }
                recut.put(unit, total);
            }
            return new Durations(other, target, recut);
        }
    }

    /**
     * The run's plan and each unit's recorded seconds. The evaluation grain is the one whose units the report
     * names (curves or single fractions).
     *
     * @throws IllegalArgumentException naming the plan's units that the report has no computed entry for
     */
    public Durations durations() {
        if (!unitsRecorded) {
            throw new IllegalArgumentException(file + " records no units (written before reports recorded them): "
                    + "simulate needs a report with a units array");
        }
        ExperimentPlan experiment = new ExperimentPlan(experimentId == null ? "recorded" : experimentId, request);
        WorkPlan best = null;
        WorkPlan.EvaluationGrain bestGrain = null;
        List<String> bestMissing = null;
        for (WorkPlan.EvaluationGrain grain : WorkPlan.EvaluationGrain.values()) {
            WorkPlan plan = WorkPlan.of(experiment, grain);
            List<String> missing = plan.units().stream().map(WorkUnit::id).filter(id -> !computedSeconds.containsKey(id))
                    .toList();
            if (best == null || missing.size() < bestMissing.size()) {
                best = plan;
                bestGrain = grain;
                bestMissing = missing;
            }
        }
        if (!bestMissing.isEmpty()) {
            List<String> shown = bestMissing.size() > 12 ? bestMissing.subList(0, 12) : bestMissing;
            throw new IllegalArgumentException(file + " has no computed (reused: false) entry for " + bestMissing.size()
                    + " of the plan's " + best.units().size() + " units: " + String.join(", ", shown)
                    + (shown.size() < bestMissing.size() ? ", …" : ""));
        }
        Map<WorkUnit, Double> seconds = new HashMap<>();
        for (WorkUnit unit : best.units()) {
            seconds.put(unit, computedSeconds.get(unit.id()));
        }
        return new Durations(best, bestGrain, seconds);
    }

    /**
     * Whether this run's request has the same plan shape as {@code other}: model, tasks, fractions, rankings,
     * sample sizes and the fine-tuning schedule (the seed and the learning rate change no unit's size).
     */
    public boolean samePlanAs(ExperimentRequest other) {
        return shape(request).equals(shape(other));
    }

    private static List<Object> shape(ExperimentRequest r) {
        List<Object> shape = new ArrayList<>();
        shape.add(r.model());
        shape.add(r.taskNames());
        shape.add(r.pruningFractions());
        shape.add(r.allRankings().stream().map(Object::toString).toList());
        shape.add(r.finetuneFractions());
        shape.add(List.of(r.samples().scoringExamples(), r.samples().trainCap(), r.samples().devCap()));
        shape.add(r.samples().trainCapByTask());
        shape.add(List.of(r.fineTuning().epochs(), r.fineTuning().batchSize(), r.fineTuning().maxLength()));
        return shape;
    }
}
