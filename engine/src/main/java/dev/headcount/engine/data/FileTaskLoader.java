package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Loads {@code file:PATH?kind=single|pair|regression|mlm|contrastive&dev=PATH&labels=a,b}: a Hugging
 * Face export (.jsonl/.json/.csv/.parquet) or plain text (.txt file or folder). Without {@code dev}
 * a seeded 80/20 split is made. Without {@code labels}, integer labels 0..k-1 are named "0".."k-1"
 * and text labels are sorted.
 */
public final class FileTaskLoader {
    static final double DEV_FRACTION = 0.2;
    /** Integer labels name classes 0..max: a larger one is a mistake (an id column?), not a million classes to allocate. */
    static final int MAX_CLASSES = 10_000;

    public Task load(String name, Path path, Map<String, String> parameters, LoadOptions options) throws IOException {
        boolean plainText = Files.isDirectory(path) || path.getFileName().toString().endsWith(".txt");
        TaskKind kind = parameters.containsKey("kind") ? TaskKind.fromShortName(parameters.get("kind"))
                : plainText ? TaskKind.MLM_TEXT : TaskKind.SINGLE_SENTENCE_CLASSIFICATION;
        if (plainText) {
            if (kind != TaskKind.MLM_TEXT && kind != TaskKind.CONTRASTIVE_PAIRS) {
                throw new DataFormatException(path + ": plain text gives kind=mlm or kind=contrastive, not kind=" + kind.shortName());
            }
            return new PlainTextLoader().load(name, path, kind, options);
        }
        return loadExport(name, List.of(path), parameters.containsKey("dev") ? List.of(Path.of(parameters.get("dev"))) : List.of(),
                kind, parameters, options);
    }

    /**
     * Exports whose splits may be sharded (a Hub data set's parquet files): {@code trainFiles} and {@code devFiles} each
     * read as one table; an empty {@code dev} gives the seeded 80/20 split. {@code labels} is read from
     * {@code parameters}.
     */
    public Task loadExport(String name, List<Path> trainFiles, List<Path> devFiles, TaskKind kind, Map<String, String> parameters,
                           LoadOptions options) throws IOException {
        Path path = trainFiles.get(0);
        ExportFileReader reader = new ExportFileReader();
        RowTable trainTable = reader.readShards(trainFiles);
        RowTable devTable = devFiles.isEmpty() ? null : reader.readShards(devFiles);
        ColumnMapping mapping = ColumnMapping.detect(trainTable, kind);
        LabelSet labels = kind.isClassification()
                ? new LabelSet(parameters.containsKey("labels") ? Arrays.asList(parameters.get("labels").split(","))
                        : inferLabels(trainTable, devTable, mapping.label()))
                : new LabelSet(List.of());
        List<Example> train = mapping.examples(trainTable, kind, labels);
        List<Example> dev;
        if (devTable != null) {
            dev = ColumnMapping.detect(devTable, kind).examples(devTable, kind, labels);
        } else {
            List<Example> shuffled = Sampling.shuffled(train, options.seed());
            int devSize = (int) Math.round(shuffled.size() * DEV_FRACTION);
            if (devSize == 0 || devSize == shuffled.size()) {
                throw DataFormatException.in(path, "only " + shuffled.size() + " rows: too few for a train and a dev split");
            }
            dev = shuffled.subList(0, devSize);
            train = shuffled.subList(devSize, shuffled.size());
        }
        if (kind == TaskKind.MLM_TEXT) {
            // a corpus's blank rows (WikiText has one between paragraphs) hold no token to mask
            train = train.stream().filter(e -> !e.textA().isBlank()).toList();
            dev = dev.stream().filter(e -> !e.textA().isBlank()).toList();
        }
        // a split can still end up empty (only blank rows, or a dev file without any): refused, never trained on
        if (train.isEmpty() || dev.isEmpty()) {
            throw DataFormatException.in(train.isEmpty() || devFiles.isEmpty() ? path : devFiles.get(0), "the " + (train.isEmpty() ? "train" : "dev")
                    + " split has no examples" + (kind == TaskKind.MLM_TEXT ? " (blank rows hold no text to mask)" : ""));
        }
        TaskSpec spec = new TaskSpec(name, kind, labels.names(), metricsFor(kind, labels.names().size()), 128,
                "user data from " + path, "as the user's source");
        return Task.of(spec, Sampling.cap(train, options.maxTrain(), options.seed()), Sampling.cap(dev, options.maxDev(), options.seed()));
    }

    static List<Metric> metricsFor(TaskKind kind, int classes) {
        return switch (kind) {
            case SINGLE_SENTENCE_CLASSIFICATION, SENTENCE_PAIR_CLASSIFICATION ->
                    classes == 2 ? List.of(Metric.ACCURACY, Metric.F1, Metric.MATTHEWS_CORRELATION) : List.of(Metric.ACCURACY);
            case REGRESSION -> List.of(Metric.PEARSON, Metric.SPEARMAN);
            case MLM_TEXT -> List.of(Metric.MLM_LOSS, Metric.PERPLEXITY, Metric.MLM_ACCURACY);
            case CONTRASTIVE_PAIRS -> List.of(Metric.RETRIEVAL_ACCURACY);
        };
    }

    private static List<String> inferLabels(RowTable train, RowTable dev, String column) throws DataFormatException {
        List<Object> values = new ArrayList<>();
        for (RowTable table : dev == null ? List.of(train) : List.of(train, dev)) {
            table.rows().forEach(row -> values.add(row.get(column)));
        }
        boolean allIntegers = values.stream().allMatch(v -> v != null && String.valueOf(v).strip().matches("\\d+"));
        List<String> names = new ArrayList<>();
        if (allIntegers) {
            // compared as digit strings: "99999999999" must be refused, not overflow an int
            String max = values.stream().map(v -> String.valueOf(v).strip().replaceFirst("^0+(?=.)", ""))
                    .max(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()))
                    .orElse("-1");
            if (max.length() > 5 || Integer.parseInt(max) >= MAX_CLASSES) {
                throw DataFormatException.in(train.file(), "column '" + column + "' holds the integer label " + max
                        + "; integer labels are class indices 0..k-1 (at most " + MAX_CLASSES + " classes): is it the right column?"
                        + " Name the classes with labels=a,b,...");
            }
            for (int i = 0; i <= Integer.parseInt(max); i++) names.add(String.valueOf(i));
        } else {
            names.addAll(new TreeSet<>(values.stream().filter(Objects::nonNull).map(v -> String.valueOf(v).strip()).toList()));
        }
        if (names.size() < 2) {
            throw DataFormatException.in(train.file(), "column '" + column + "' has fewer than 2 classes: " + names);
        }
        return names;
    }
}
