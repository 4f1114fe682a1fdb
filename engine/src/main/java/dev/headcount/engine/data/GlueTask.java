package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nine GLUE tasks: their TSV layouts as distributed by the GLUE download script and the
 * column names of the Hugging Face {@code glue} configurations. Label order follows Hugging Face
 * {@code datasets}, so a TSV and an export of the same task give the same indices.
 */
public enum GlueTask {
    COLA("cola", TaskKind.SINGLE_SENTENCE_CLASSIFICATION, List.of("unacceptable", "acceptable"),
            List.of(Metric.MATTHEWS_CORRELATION, Metric.ACCURACY),
            null, "sentence", null, "label", List.of("sentence"), null),
    SST2("sst2", TaskKind.SINGLE_SENTENCE_CLASSIFICATION, List.of("negative", "positive"),
            List.of(Metric.ACCURACY),
            List.of("sentence", "label"), "sentence", null, "label", List.of("sentence"), null),
    MRPC("mrpc", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("not_equivalent", "equivalent"),
            List.of(Metric.F1, Metric.ACCURACY),
            List.of("Quality", "#1 String", "#2 String"), "#1 String", "#2 String", "Quality",
            List.of("sentence1", "sentence2"), null),
    STSB("stsb", TaskKind.REGRESSION, List.of(),
            List.of(Metric.PEARSON, Metric.SPEARMAN),
            List.of("sentence1", "sentence2", "score"), "sentence1", "sentence2", "score",
            List.of("sentence1", "sentence2"), null),
    QQP("qqp", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("not_duplicate", "duplicate"),
            List.of(Metric.F1, Metric.ACCURACY),
            List.of("question1", "question2", "is_duplicate"), "question1", "question2", "is_duplicate",
            List.of("question1", "question2"), null),
    MNLI("mnli", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("entailment", "neutral", "contradiction"),
            List.of(Metric.ACCURACY),
            List.of("sentence1", "sentence2", "gold_label"), "sentence1", "sentence2", "gold_label",
            List.of("premise", "hypothesis"),
            Map.of("dev_matched", Task.DEV, "dev_mismatched", "dev_mismatched")),
    QNLI("qnli", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("entailment", "not_entailment"),
            List.of(Metric.ACCURACY),
            List.of("question", "sentence", "label"), "question", "sentence", "label",
            List.of("question", "sentence"), null),
    RTE("rte", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("entailment", "not_entailment"),
            List.of(Metric.ACCURACY),
            List.of("sentence1", "sentence2", "label"), "sentence1", "sentence2", "label",
            List.of("sentence1", "sentence2"), null),
    WNLI("wnli", TaskKind.SENTENCE_PAIR_CLASSIFICATION, List.of("not_entailment", "entailment"),
            List.of(Metric.ACCURACY),
            List.of("sentence1", "sentence2", "label"), "sentence1", "sentence2", "label",
            List.of("sentence1", "sentence2"), null);

    /** CoLA's TSVs have no header: source, label, original label (a star or empty), sentence. */
    static final int COLA_COLUMNS = 4;
    static final int COLA_LABEL_COLUMN = 1;
    static final int COLA_SENTENCE_COLUMN = 3;

    private final String id;
    private final TaskKind kind;
    private final List<String> labels;
    private final List<Metric> metrics;
    private final List<String> requiredHeader;
    private final String tsvTextA;
    private final String tsvTextB;
    private final String tsvLabel;
    private final List<String> exportTextColumns;
    private final Map<String, String> devFiles;

    GlueTask(String id, TaskKind kind, List<String> labels, List<Metric> metrics, List<String> requiredHeader,
            String tsvTextA, String tsvTextB, String tsvLabel, List<String> exportTextColumns,
            Map<String, String> devFiles) {
        this.id = id;
        this.kind = kind;
        this.labels = labels;
        this.metrics = metrics;
        this.requiredHeader = requiredHeader;
        this.tsvTextA = tsvTextA;
        this.tsvTextB = tsvTextB;
        this.tsvLabel = tsvLabel;
        this.exportTextColumns = exportTextColumns;
        this.devFiles = devFiles == null ? Map.of("dev", Task.DEV) : devFiles;
    }

    public String id() {
        return id;
    }

    public String taskName() {
        return "glue/" + id;
    }

    public TaskKind kind() {
        return kind;
    }

    public LabelSet labelSet() {
        return new LabelSet(labels);
    }

    /** Header names that must be present, or null for CoLA whose files have no header. */
    List<String> requiredHeader() {
        return requiredHeader;
    }

    String tsvTextA() {
        return tsvTextA;
    }

    String tsvTextB() {
        return tsvTextB;
    }

    String tsvLabel() {
        return tsvLabel;
    }

    /** Text columns in the Hugging Face export; the label column is always "label". */
    List<String> exportTextColumns() {
        return exportTextColumns;
    }

    /** Dev file stem (without .tsv) to split name. */
    Map<String, String> devFiles() {
        return devFiles;
    }

    public TaskSpec spec() {
        return new TaskSpec(taskName(), kind, labels, metrics, 128,
                "GLUE " + id.toUpperCase(Locale.ROOT) + " as distributed by the user",
                "see the GLUE licence terms of the original " + id.toUpperCase(Locale.ROOT) + " data");
    }

    /** Accepts "rte", "RTE", "sst-2", "sts-b". */
    public static GlueTask fromId(String id) {
        String normal = id.toLowerCase(Locale.ROOT).replace("-", "");
        for (GlueTask task : values()) {
            if (task.id.equals(normal)) {
                return task;
            }
        }
        throw new IllegalArgumentException("unknown GLUE task '" + id + "'; known: cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, wnli");
    }
}
