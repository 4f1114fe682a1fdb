package dev.headcount.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.importance.ImportanceMap;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.events.EventJson;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.events.Provenance;
import dev.headcount.events.TaskSpec;
import dev.headcount.pipeline.Provenances;
import dev.headcount.pipeline.ScoringJob;
import dev.headcount.pipeline.TaskLoading;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Recomputes one importance map of a report from its provenance alone and says whether it matches: the command a
 * reviewer runs. Exit status 0 when it matches (bit for bit, or within 1e-5 relative), 1 when it differs, 3 when
 * the model's or the data's fingerprint no longer matches (then nothing is recomputed: other inputs give other
 * numbers, which says nothing about the code).
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Recompute an importance map of a report (report.json), or a map file of a service run's"
                + " artifact store (importance-<task>.json), from its provenance and compare: bit-identical, within"
                + " 1e-5 relative, or differs.")
public final class ReproduceCommand implements Callable<Integer> {
    static final int DIFFERS = 1;
    static final int INPUTS_CHANGED = 3;

    @Parameters(index = "0", paramLabel = "REPORT.json|MAP.json", description = "a report's report.json, or a map"
            + " file the scorer stored (<artifact-root>/<experiment>/<variant>/importance-<task>.json)")
    Path report;

    @Option(names = "--map", paramLabel = "TASK", description = "the task whose map to recompute (required with a"
            + " report; a map file names its own)")
    String task;

    @Option(names = "--variant", description = "the variant the map was scored on, when the report has several maps"
            + " of TASK")
    String variant;

    @Option(names = "--model", description = "where the model is now, if it moved (its fingerprint must still"
            + " match); default: the location the provenance records")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return reproduce(out);
        } finally {
            out.flush();
        }
    }

    /** The stored map to check: its provenance and values, from a report or from a map file. */
    private record Stored(String variant, Provenance provenance, double[][] raw, double[][] normalized) {
    }

    private Stored fromReport(JsonNode root) {
        if (task == null) {
            throw new IllegalArgumentException("give --map TASK: which map of the report " + report + " to recompute");
        }
        JsonNode entry = mapEntry(root);
        String mapVariant = entry.path("variant").asText();
        Provenance provenance;
        try {
            provenance = EventJson.mapper().treeToValue(entry.get("provenance"), Provenance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(report + ": the provenance of the map of " + task + " on " + mapVariant
                    + " is malformed: " + e.getOriginalMessage());
        }
        JsonNode section = importanceSection(root, mapVariant);
        double[][] storedRaw = section.has("importance") ? matrix(section.get("importance"), "importance") : null;
        return new Stored(mapVariant, provenance, storedRaw,
                matrix(section.get("normalizedImportance"), "normalizedImportance"));
    }

    private Stored fromMapFile() throws IOException {
        ImportanceMapFile map = ImportanceMapFiles.read(report);
        if (task != null && !task.equals(map.task())) {
            throw new IllegalArgumentException(report + " is the map of " + map.task() + ", not of " + task);
        }
        if (variant != null && !variant.equals(map.variant().name())) {
            throw new IllegalArgumentException(report + " is the map of " + map.task() + " on " + map.variant().name()
                    + ", not on " + variant);
        }
        task = map.task();
        if (map.provenance() == null) {
            throw new IllegalArgumentException(report + ": the map carries no provenance (written before it was"
                    + " recorded), so there is nothing to recompute it from");
        }
        if (ImportanceCommand.EXPERIMENT.equals(map.experimentId())) {
            throw new IllegalArgumentException(report + " was written by the importance command, whose options"
                    + " (objective, limit, split) are not a scoring job's: run importance again with the options its"
                    + " provenance records, " + map.provenance().options());
        }
        double[][] raw = new double[map.layers()][map.heads()];
        for (int l = 0; l < raw.length; l++) {
            for (int h = 0; h < raw[l].length; h++) {
                // the mean |dL/dξ| per unit, as ImportanceMap.importance() computes it from the same sums
                raw[l][h] = map.units() == 0 ? 0 : map.rawSums()[l][h] / map.units();
            }
        }
        return new Stored(map.variant().name(), map.provenance(), raw, map.normalizedImportance());
    }

    private int reproduce(PrintWriter out) throws Exception {
        JsonNode root = readReport();
        boolean mapFile = root.has("rawSums") || root.has("normalizedImportance");
        Stored stored = mapFile ? fromMapFile() : fromReport(root);
        String mapVariant = stored.variant();
        Provenance provenance = stored.provenance();
        ScoringJob.Settings settings = ScoringJob.Settings.of(provenance);
        Provenance.Data data = provenance.data(ScoringJob.Settings.SPLIT).orElseThrow(() ->
                new IllegalArgumentException(report + ": the provenance of the map of " + task + " records no "
                        + ScoringJob.Settings.SPLIT + " data"));
        String location = model != null ? model : provenance.model().spec();
        out.printf("reproducing the importance map of %s on %s from %s%n", task, mapVariant, report);
        out.printf("  model %s, data %s (%s, %d examples, seed %d), options %s%n", location, data.task(),
                data.split(), data.examples(), data.seed(), provenance.options());

        List<String> changed = new ArrayList<>();
        Provenance.Model modelNow = Provenances.model(location);
        if (!modelNow.sha256().equals(provenance.model().sha256())) {
            changed.add("model fingerprint no longer matches: " + location + " is " + modelNow.sha256()
                    + ", the map was computed on " + provenance.model().sha256() + changedFiles(provenance.model(),
                    modelNow));
        }
        Task loaded = TaskLoading.fromEnvironment().load(TaskSpec.parse(data.task()), settings.loadOptions());
        String dataNow = ExampleFingerprint.of(loaded.train());
        if (!dataNow.equals(data.sha256()) || loaded.train().size() != data.examples()) {
            changed.add("data fingerprint no longer matches: " + data.task() + " (" + data.split() + ", seed "
                    + data.seed() + ") gives " + loaded.train().size() + " examples with SHA-256 " + dataNow
                    + ", the map used " + data.examples() + " with " + data.sha256());
        }
        if (!changed.isEmpty()) {
            changed.forEach(line -> out.println("  " + line));
            out.println("verdict: inputs changed — not recomputed");
            return INPUTS_CHANGED;
        }
        out.println("  model and data fingerprints match");

        ImportanceMap map;
        Provenance now;
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel encoder = ModelDirectory.load(Provenances.directory(location), manager)) {
            ProgressBar bar = new ProgressBar("reproduce", loaded.train().size(), "ex");
            map = ScoringJob.estimate(settings, loaded, encoder, location, bar::update);
            now = Provenances.of(modelNow, List.of(), settings.options(), manager);
        }
        double[][] storedRaw = stored.raw();
        double[][] storedNormalized = stored.normalized();
        MapComparison comparison = MapComparison.of(storedRaw, storedNormalized, map.importance(),
                map.normalized(settings.normalization()));

        boolean sameCode = provenance.code().sameCleanCommit(now.code());
        boolean samePlatform = provenance.platform().equals(now.platform());
        out.printf("  code: stored %s%s, now %s%s%n", provenance.code().commit(), dirty(provenance.code()),
                now.code().commit(), dirty(now.code()));
        out.printf("  platform: %s%s%n", samePlatform ? "same (" : "stored ", platform(provenance.platform())
                + (samePlatform ? ")" : ", now " + platform(now.platform())));
        out.printf(Locale.ROOT, "  relative difference per head (%s):%n", storedRaw != null
                ? "raw importance, mean |dL/dξ|" : "normalised importance; the report has no raw importance");
        for (double[] row : comparison.relative()) {
            StringBuilder line = new StringBuilder("   ");
            for (double d : row) {
                line.append(String.format(Locale.ROOT, " %8.1e", d));
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "  max relative difference %.3e (layer %d, head %d); normalised map %.3e of its"
                        + " largest value%n", comparison.maxRelative(), comparison.worst().layer(),
                comparison.worst().head(), comparison.maxNormalized());
        out.println("  ranking (least important first, as the pruner orders heads): "
                + (comparison.sameRanking() ? "identical" : "differs"));
        MapComparison.Verdict verdict = comparison.verdict();
        String expectation = "";
        if (sameCode && samePlatform && verdict != MapComparison.Verdict.BIT_IDENTICAL) {
            expectation = " (same clean commit and platform: bit-identical was expected)";
        }
        out.println("verdict: " + verdict.text + expectation);
        return verdict == MapComparison.Verdict.DIFFERS ? DIFFERS : 0;
    }

    private JsonNode readReport() throws IOException {
        try {
            return EventJson.mapper().readTree(Files.readString(report));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(report + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(report + " is not JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        }
    }

    private JsonNode mapEntry(JsonNode root) {
        JsonNode maps = root.path("provenance").path("maps");
        if (!maps.isArray()) {
            throw new IllegalArgumentException(report + " has no provenance.maps: it was written before provenance"
                    + " was recorded, or is not a report.json");
        }
        List<JsonNode> found = new ArrayList<>();
        Set<String> available = new HashSet<>();
        for (JsonNode entry : maps) {
            available.add(entry.path("task").asText() + " on " + entry.path("variant").asText());
            if (entry.path("task").asText().equals(task)
                    && (variant == null || entry.path("variant").asText().equals(variant))) {
                found.add(entry);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(report + " has no map of " + task + (variant == null ? ""
                    : " on " + variant) + " with provenance; it has " + (available.isEmpty() ? "none"
                    : String.join(", ", available.stream().sorted().toList())));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(report + " has " + found.size() + " maps of " + task
                    + ": name one with --variant (" + String.join(", ", found.stream()
                    .map(e -> e.path("variant").asText()).toList()) + ")");
        }
        return found.get(0);
    }

    private JsonNode importanceSection(JsonNode root, String mapVariant) {
        for (JsonNode section : root.path("importance")) {
            if (section.path("task").asText().equals(task) && section.path("variant").asText().equals(mapVariant)) {
                return section;
            }
        }
        throw new IllegalArgumentException(report + " has the provenance of the map of " + task + " on " + mapVariant
                + " but no importance section with its values");
    }

    private double[][] matrix(JsonNode node, String field) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(report + ": importance." + field + " of " + task
                    + " is missing or empty");
        }
        double[][] out = new double[node.size()][];
        for (int l = 0; l < node.size(); l++) {
            JsonNode row = node.get(l);
            out[l] = new double[row.size()];
            for (int h = 0; h < row.size(); h++) {
                if (!row.get(h).isNumber()) {
                    throw new IllegalArgumentException(report + ": importance." + field + "[" + l + "][" + h + "] of "
                            + task + " is not a number: " + row.get(h));
                }
                out[l][h] = row.get(h).asDouble();
            }
        }
        return out;
    }

    private static String changedFiles(Provenance.Model stored, Provenance.Model now) {
        List<String> names = new ArrayList<>();
        Set<String> nowFiles = new HashSet<>();
        now.files().forEach(f -> nowFiles.add(f.name() + " " + f.sha256()));
        Set<String> storedNames = new HashSet<>();
        for (Provenance.FileDigest f : stored.files()) {
            storedNames.add(f.name());
            if (!nowFiles.contains(f.name() + " " + f.sha256())) {
                names.add(f.name());
            }
        }
        now.files().stream().filter(f -> !storedNames.contains(f.name())).forEach(f -> names.add(f.name() + " (new)"));
        return names.isEmpty() ? "" : " (changed: " + String.join(", ", names) + ")";
    }

    private static String dirty(Provenance.Code code) {
        return code.dirty() == null ? " (dirty: unknown)" : code.dirty() ? " (dirty)" : " (clean)";
    }

    private static String platform(Provenance.Platform p) {
        return "DJL " + p.djl() + ", PyTorch " + p.pytorch() + ", " + p.device() + ", " + p.threads() + " threads, Java "
                + p.java() + ", " + p.os();
    }
}
