package dev.headcount.report.report;

import dev.headcount.events.Provenance;
import dev.headcount.metrics.finetuning.FineTuningComparisonMarkdown;
import dev.headcount.metrics.report.MarkdownTable;
import dev.headcount.report.figures.Figure;
import dev.headcount.report.figures.Figure.Placement;
import dev.headcount.report.report.ExperimentReport.CoherenceRow;
import dev.headcount.report.report.ExperimentReport.CoherenceSection;
import dev.headcount.report.report.ExperimentReport.CurveTable;
import dev.headcount.report.report.ExperimentReport.ImportanceSection;
import dev.headcount.report.report.ExperimentReport.EvaluationProvenance;
import dev.headcount.report.report.ExperimentReport.PrunabilityRow;
import dev.headcount.report.report.ExperimentReport.ProvenanceSection;
import dev.headcount.report.report.ExperimentReport.RequestSummary;
import dev.headcount.report.report.ExperimentReport.Series;
import dev.headcount.report.report.ExperimentReport.StageProgress;
import dev.headcount.report.report.ExperimentReport.TopKRow;
import dev.headcount.report.tables.CsvTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Renders an {@link ExperimentReport} as GitHub-flavoured Markdown. */
public final class MarkdownReport {
    /** Shades for the text heatmap, from least to most important. */
    private static final String SHADES = " ▁▂▃▄▅▆▇█";

    private MarkdownReport() {
    }

    /**
     * The files beside the Markdown file that it links: each figure in {@code imageFormat} in its section, and
     * the CSV tables under "Data files".
     */
    public record Attachments(List<Figure> figures, Figure.Format imageFormat, List<CsvTable> tables) {
        public static final Attachments NONE = new Attachments(List.of(), Figure.Format.PNG, List.of());
    }

    /** The report without figures or data files (as the API serves it: no files beside it). */
    public static String render(ExperimentReport report) {
        return render(report, Attachments.NONE);
    }

    public static String render(ExperimentReport report, Attachments attachments) {
        StringBuilder md = new StringBuilder();
        md.append("# Experiment ").append(report.experimentId()).append("\n\n");
        md.append("Status: **").append(report.status()).append("**");
        if (report.requestedAt() != null) {
            md.append(" · requested ").append(report.requestedAt());
        }
        if (report.completedAt() != null) {
            md.append(" · completed ").append(report.completedAt());
        }
        md.append("\n\n");
        if (report.failureReason() != null) {
            md.append("> Failed: ").append(report.failureReason().replaceAll("\\R", " ")).append("\n\n");
        }

        md.append("## Summary\n\n");
        report.findings().summary().forEach(paragraph -> md.append(paragraph).append("\n\n"));

        request(md, report.request(), report.importance());
        progress(md, report.progress());
        importance(md, report.importance(), attachments);
        coherence(md, report.coherence(), attachments);
        curves(md, report.pruningCurves(), attachments);
        prunability(md, report.prunability());

        md.append("## Before vs after fine-tuning\n\n");
        if (report.fineTuning().isEmpty()) {
            md.append("No fine-tuned results yet.\n\n");
        } else {
            md.append("Same heads removed (by pre-training importance) before or after fine-tuning; Δ are metric "
                    + "differences against the unpruned fine-tuned model.\n\n");
            md.append(FineTuningComparisonMarkdown.table(ReportBuilder.comparison(report.fineTuning())).render())
                    .append('\n');
            orderEffects(md, report.fineTuning());
            figures(md, attachments, Placement.FINE_TUNING, null);
        }
        learning(md, report.learning());
        provenance(md, report.provenance());
        work(md, report.units());
        dataFiles(md, attachments.tables());
        return md.toString();
    }

    /**
     * Which worker replica handled how many units of each kind: computed, reused (read back from the store after a
     * redelivery or duplicate) and busy seconds. Left out when no unit was recorded (results published by hand,
     * reports of runs before work units), so that such reports render as before.
     */
    static void work(StringBuilder md, List<ExperimentReport.UnitRow> units) {
        if (units.isEmpty()) {
            return;
        }
        record Key(String kind, String worker) {
        }
        java.util.Map<Key, double[]> byWorker = new java.util.TreeMap<>(java.util.Comparator
                .comparingInt((Key k) -> kindOrder(k.kind())).thenComparing(Key::kind).thenComparing(Key::worker));
        for (ExperimentReport.UnitRow unit : units) {
            double[] sums = byWorker.computeIfAbsent(new Key(unit.kind(), unit.worker()), k -> new double[3]);
            sums[unit.reused() ? 1 : 0]++;
            sums[2] += unit.seconds();
        }
        long workers = units.stream().map(ExperimentReport.UnitRow::worker).distinct().count();
        double busy = units.stream().mapToDouble(ExperimentReport.UnitRow::seconds).sum();
        md.append("## Work\n\n");
        md.append(String.format(Locale.ROOT, "%d units handled by %d worker replicas, %.1f s busy in all (units in "
                + "report.json).\n\n", units.size(), workers, busy));
        md.append(new MarkdownTable(List.of("kind", "worker", "computed", "reused", "busy (s)"), byWorker.entrySet()
                .stream().map(e -> List.of(e.getKey().kind(), e.getKey().worker(),
                        Long.toString(Math.round(e.getValue()[0])), Long.toString(Math.round(e.getValue()[1])),
                        String.format(Locale.ROOT, "%.1f", e.getValue()[2])))
                .toList()).render()).append('\n');
    }

    /** Kinds in the order the study needs them; an unknown kind (a newer report) after them. */
    private static int kindOrder(String kind) {
        int index = List.of("score", "prune", "evaluate", "finetune").indexOf(kind);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /** Digests shortened to 12 hex digits in the tables; report.json has them whole. */
    private static String shortDigest(String sha256) {
        return "`" + sha256.substring(0, Math.min(12, sha256.length())) + "`";
    }

    private static String data(List<Provenance.Data> data) {
        if (data.isEmpty()) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        for (Provenance.Data d : data) {
            parts.add(d.split() + ", " + d.examples() + " examples, seed " + d.seed() + ", " + shortDigest(d.sha256()));
        }
        return String.join("; ", parts);
    }

    private static String model(Provenance.Model model) {
        return model.spec() + " " + shortDigest(model.sha256());
    }

    private static void provenance(StringBuilder md, ProvenanceSection p) {
        md.append("## Provenance\n\n");
        if (p == null || p.maps().isEmpty() && p.fineTunes().isEmpty() && p.evaluations().isEmpty()) {
            md.append("No result with a recorded provenance yet.\n\n");
            return;
        }
        md.append("What produced each result: the model (SHA-256 of its weights, config and tokenizer), the exact "
                + "examples (SHA-256 over them in order, with split and seed), the options, the code and the "
                + "platform. Digests are shortened here; `report.json` has every digest and option under "
                + "`provenance`, and `headcount reproduce report.json --map TASK` recomputes a map from it.\n\n");
        List<List<String>> code = new ArrayList<>();
        for (Provenance.Code c : p.codeVersions()) {
            code.add(List.of("code", c.version() + ", commit `" + c.commit() + "`"
                    + (c.dirty() == null ? " (uncommitted changes: unknown)"
                    : c.dirty() ? " with uncommitted changes" : ", clean")));
        }
        for (Provenance.Platform platform : p.platforms()) {
            code.add(List.of("platform", "DJL " + platform.djl() + ", PyTorch " + platform.pytorch() + ", "
                    + platform.device() + ", " + platform.threads() + " threads, Java " + platform.java() + ", "
                    + platform.os()));
        }
        md.append(new MarkdownTable(List.of("", "value"), code).render()).append('\n');
        if (p.codeVersions().size() > 1 || p.platforms().size() > 1) {
            md.append("> The results come from ").append(p.codeVersions().size()).append(" code version(s) on ")
                    .append(p.platforms().size()).append(" platform(s).\n\n");
        }
        if (!p.maps().isEmpty()) {
            md.append("Importance maps:\n\n");
            md.append(new MarkdownTable(List.of("task", "variant", "model", "data", "options"), p.maps().stream()
                    .map(m -> List.of(m.task(), m.variant(), model(m.provenance().model()), data(m.provenance().data()),
                            options(m.provenance(), "granularity", "maxLength", "batchSize", "albertMask")))
                    .toList()).render()).append('\n');
        }
        if (!p.fineTunes().isEmpty()) {
            md.append("Fine-tuned models:\n\n");
            md.append(new MarkdownTable(List.of("variant", "base model", "data", "options"), p.fineTunes().stream()
                    .map(f -> List.of(f.variant(), model(f.provenance().model()), data(f.provenance().data()),
                            options(f.provenance(), "epochs", "learningRate", "batchSize", "maxLength")))
                    .toList()).render()).append('\n');
        }
        if (!p.evaluations().isEmpty()) {
            // one row per model and data: the rankings and fractions evaluated on them are many, the inputs few
            Map<List<String>, Integer> groups = new LinkedHashMap<>();
            for (EvaluationProvenance e : p.evaluations()) {
                groups.merge(List.of(e.baseVariant(), e.evaluatedTask(), model(e.provenance().model()),
                        data(e.provenance().data())), 1, Integer::sum);
            }
            List<List<String>> rows = new ArrayList<>();
            groups.forEach((key, count) -> {
                List<String> row = new ArrayList<>(key);
                row.add(Integer.toString(count));
                rows.add(row);
            });
            md.append("Masked evaluations (grouped by model and data):\n\n");
            md.append(new MarkdownTable(List.of("base variant", "evaluated on", "model", "data", "evaluations"), rows)
                    .render()).append('\n');
        }
        if (p.withoutProvenance() > 0) {
            md.append(p.withoutProvenance()).append(" result(s) were stored before provenance was recorded and have "
                    + "none.\n\n");
        }
    }

    private static String options(Provenance provenance, String... names) {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            String value = provenance.options().get(name);
            if (value != null) {
                parts.add(name + " " + value);
            }
        }
        return String.join(", ", parts);
    }

    private static void dataFiles(StringBuilder md, List<CsvTable> tables) {
        if (tables.isEmpty()) {
            return;
        }
        md.append("## Data files\n\n");
        md.append("The numbers of this report as CSV (RFC 4180, UTF-8; an empty field where a number is not "
                + "defined), and all of it as [report.json](report.json):\n\n");
        for (CsvTable table : tables) {
            md.append("- [").append(table.fileName()).append("](").append(table.fileName()).append(") — ")
                    .append(table.description()).append('\n');
        }
        md.append('\n');
    }

    private static void request(StringBuilder md, RequestSummary r, List<ImportanceSection> maps) {
        md.append("## Request\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", r.model()));
        rows.add(List.of("pre-training task", r.pretrainingTask()));
        rows.add(List.of("downstream tasks", String.join(", ", r.downstreamTasks())));
        rows.add(List.of("pruning fractions", fractions(r.pruningFractions())));
        rows.add(List.of("rankings", String.join(", ", r.rankings())));
        rows.add(List.of("fine-tune fractions", fractions(r.finetuneFractions())));
        rows.add(List.of("samples", "scoring " + r.scoringExamples() + ", train ≤ " + r.trainCap()
                + (r.trainCapByTask() == null || r.trainCapByTask().isEmpty() ? "" : " (" + String.join(", ",
                r.trainCapByTask().entrySet().stream().map(e -> e.getKey() + " ≤ " + e.getValue()).toList()) + ")")
                + ", dev ≤ "
                + r.devCap()));
        // the requested granularity; a loss that does not split by example (contrastive) is scored per batch, so
        // the maps that were are named here and in their own headings
        List<String> otherwise = maps.stream().filter(m -> !m.granularity().equals(r.granularity()))
                .map(m -> m.task() + " " + m.granularity()).toList();
        rows.add(List.of("importance", r.granularity() + " requested"
                + (otherwise.isEmpty() ? "" : " (scored otherwise: " + String.join(", ", otherwise) + ")")
                + (r.normalizePerLayer() ? ", per-layer L2" : "") + (r.normalizeGlobal() ? ", global min-max" : "")
                + (r.shards() == null ? "" : ", " + r.shards() + (r.shards() == 1 ? " scoring shard" : " scoring shards")
                + " per map")));
        rows.add(List.of("fine-tuning", String.format(Locale.ROOT,
                "%d epochs, lr %s, batch %d, max length %d, warm-up %s, weight decay %s",
                r.fineTuning().epochs(), r.fineTuning().learningRate(), r.fineTuning().batchSize(),
                r.fineTuning().maxLength(), r.fineTuning().warmupRatio(), r.fineTuning().weightDecay())));
        rows.add(List.of("seed", Long.toString(r.seed())));
        md.append(new MarkdownTable(List.of("option", "value"), rows).render()).append('\n');
    }

    private static void progress(StringBuilder md, List<StageProgress> progress) {
        md.append("## Progress\n\n");
        md.append(new MarkdownTable(List.of("results", "done", "expected"), progress.stream()
                .map(p -> List.of(p.stage(), Integer.toString(p.done()), Integer.toString(p.expected())))
                .toList()).render()).append('\n');
    }

    /** Image lines of the figures with this placement (and subject, unless {@code null}). */
    private static void figures(StringBuilder md, Attachments attachments, Placement placement, String subject) {
        boolean any = false;
        for (Figure figure : attachments.figures()) {
            if (figure.placement() == placement && (subject == null || subject.equals(figure.subject()))) {
                md.append(figure.markdown(attachments.imageFormat())).append('\n');
                any = true;
            }
        }
        if (any) {
            md.append('\n');
        }
    }

    private static void importance(StringBuilder md, List<ImportanceSection> sections, Attachments attachments) {
        md.append("## Head importance\n\n");
        if (sections.isEmpty()) {
            md.append("No importance map yet.\n\n");
            return;
        }
        md.append("Normalised importance per head (rows: layers, columns: heads); the bar shades each value "
                + "against the map's largest.\n\n");
        for (ImportanceSection section : sections) {
            md.append("### ").append(section.task()).append(" on ").append(section.variant()).append(" · scored ")
                    .append(section.granularity()).append("\n\n");
            if (section.splitHalfSpearman() != null) {
                md.append(String.format(Locale.ROOT, "Split-half reliability %.3f (Spearman ρ between the maps of two "
                        + "disjoint halves of the scoring units, Spearman–Brown corrected): the most ρ this map can "
                        + "show with any other is about its square root times the other's.%n%n",
                        section.splitHalfSpearman()));
            }
            double max = section.normalizedImportance().stream().flatMap(List::stream)
                    .mapToDouble(Double::doubleValue).max().orElse(0);
            List<String> header = new ArrayList<>();
            header.add("layer");
            for (int head = 0; head < section.heads(); head++) {
                header.add("h" + head);
            }
            header.add("layer share");
            List<List<String>> rows = new ArrayList<>();
            for (int layer = 0; layer < section.layers(); layer++) {
                List<String> row = new ArrayList<>();
                row.add(Integer.toString(layer));
                for (double value : section.normalizedImportance().get(layer)) {
                    row.add(String.format(Locale.ROOT, "%.2f%s", value, shade(value, max)));
                }
                row.add(percentOrDash(section.layerMass().get(layer)));
                rows.add(row);
            }
            md.append(new MarkdownTable(header, rows).render()).append('\n');
            figures(md, attachments, Placement.IMPORTANCE, section.task());
        }
        figures(md, attachments, Placement.LAYER_MASS, null);
    }

    private static void coherence(StringBuilder md, CoherenceSection coherence, Attachments attachments) {
        md.append("## Coherence\n\n");
        if (coherence.pairs().isEmpty()) {
            md.append("Fewer than two importance maps so far.\n\n");
            return;
        }
        md.append("Spearman ρ between tasks' importance maps:\n\n");
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(coherence.tasks());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < coherence.tasks().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(coherence.tasks().get(i));
            coherence.spearman().get(i).forEach(value -> row.add(number(value, "%.3f")));
            rows.add(row);
        }
        md.append(new MarkdownTable(header, rows).render()).append('\n');
        figures(md, attachments, Placement.COHERENCE, null);

        md.append("Every pair. ρ comes with its 95 % bootstrap interval (resampling the scoring units of both maps), "
                + "its two-sided permutation p-value and its noise ceiling √(r₁·r₂) from the two maps' split-half "
                + "reliabilities: noise pulls ρ towards 0, so read ρ against the ceiling. Top-k overlap is the "
                + "Jaccard index of the k most important heads with its interval (chance level in brackets).\n\n");
        List<String> pairHeader = new ArrayList<>(List.of("first", "second", "Spearman ρ [95 %]", "p", "ceiling",
                "verdict", "Kendall τ_b", "Pearson r"));
        coherence.pairs().get(0).topK().forEach(t -> pairHeader.add("top " + percent(t.fraction()) + " (k=" + t.k() + ")"));
        List<List<String>> pairRows = new ArrayList<>();
        for (CoherenceRow pair : coherence.pairs()) {
            List<String> row = new ArrayList<>(List.of(pair.first(), pair.second(),
                    number(pair.spearman(), "%.3f") + interval(pair.spearmanCiLow(), pair.spearmanCiHigh(), "%.3f"),
                    pair.spearmanPValue() == null ? "—" : pair.spearmanPValue() < 0.001 ? "< 0.001"
                            : number(pair.spearmanPValue(), "%.3f"),
                    number(pair.ceiling(), "%.3f"), pair.verdict() == null ? "—" : pair.verdict(),
                    number(pair.kendallTauB(), "%.3f"), number(pair.pearson(), "%.3f")));
            for (TopKRow t : pair.topK()) {
                row.add(number(t.jaccard(), "%.3f") + interval(t.ciLow(), t.ciHigh(), "%.3f") + " ("
                        + number(t.chanceJaccard(), "%.3f") + ")");
            }
            pairRows.add(row);
        }
        md.append(new MarkdownTable(pairHeader, pairRows).render()).append('\n');
    }

    private static void curves(StringBuilder md, List<CurveTable> tables, Attachments attachments) {
        md.append("## Pruning curves\n\n");
        md.append("The evaluated task's metric with the first fraction of heads of each ranking masked, with its 95 % "
                + "bootstrap interval over dev examples in brackets; the random baseline is the mean ± standard "
                + "deviation over seeds, then the interval of that mean.\n\n");
        for (CurveTable table : tables) {
            md.append("### ").append(table.evaluatedTask()).append(" on ").append(table.baseVariant());
            if (table.metric() != null) {
                md.append(" (").append(table.metric())
                        .append(table.higherIsBetter() == null ? "" : table.higherIsBetter() ? " ↑" : " ↓").append(')');
            }
            md.append("\n\n");
            List<String> header = new ArrayList<>();
            header.add("pruned");
            table.rankings().forEach(series -> header.add(series.ranking()));
            if (table.random() != null) {
                header.add("random (" + table.random().seeds() + " seeds)");
            }
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < table.fractions().size(); i++) {
                List<String> row = new ArrayList<>();
                row.add(percent(table.fractions().get(i)));
                for (Series series : table.rankings()) {
                    row.add(number(series.values().get(i), "%.4f") + interval(at(series.ciLow(), i),
                            at(series.ciHigh(), i), "%.3f"));
                }
                if (table.random() != null) {
                    Double mean = table.random().mean().get(i);
                    Double sd = table.random().standardDeviation().get(i);
                    row.add(mean == null ? "—" : number(mean, "%.4f") + (sd == null ? "" : " ± " + number(sd, "%.4f"))
                            + interval(at(table.random().ciLow(), i), at(table.random().ciHigh(), i), "%.3f"));
                }
                rows.add(row);
            }
            md.append(new MarkdownTable(header, rows).render()).append('\n');
            figures(md, attachments, Placement.PRUNING_CURVE, table.evaluatedTask() + "|" + table.baseVariant());
        }
    }

    private static void prunability(StringBuilder md, List<PrunabilityRow> rows) {
        md.append("## Prunability\n\n");
        if (rows.isEmpty()) {
            md.append("No complete pruning curve yet.\n\n");
            return;
        }
        md.append("Area under the pruning curve (raw; relative: the mean retention over the grid, 1 for an unharmed "
                + "model) and the largest fraction pruned that keeps ≥ 90 % of the unpruned model's margin over "
                + "chance at every step up to it (retention; where the chance level is not known, of the unpruned "
                + "metric, as the note says). Intervals: 95 % bootstrap over dev examples; the one of \"kept up to\" "
                + "says between which grid fractions the drop could fall.\n\n");
        List<List<String>> cells = rows.stream().map(r -> List.of(r.evaluatedTask(), r.baseVariant(),
                r.ranking() + (r.seeds() > 1 ? " (" + r.seeds() + " seeds)" : ""), String.valueOf(r.metric()),
                number(r.unpruned(), "%.4f"), number(r.chance(), "%.4f"), number(r.rawArea(), "%.4f"),
                number(r.relativeArea(), "%.4f") + interval(r.relativeAreaCiLow(), r.relativeAreaCiHigh(), "%.3f"),
                (r.largestFractionKept() == null ? "—" : percent(r.largestFractionKept()))
                        + (r.largestFractionKeptCiLow() == null || r.largestFractionKeptCiHigh() == null ? ""
                        : " [" + percent(r.largestFractionKeptCiLow()) + ", " + percent(r.largestFractionKeptCiHigh())
                        + "]"),
                r.note() == null ? "" : r.note())).toList();
        md.append(new MarkdownTable(List.of("evaluated task", "model", "ranking", "metric", "unpruned", "chance", "AUC",
                "relative AUC [95 %]", "kept ≥ 90 % up to [95 %]", "note"), cells).render()).append('\n');
    }

    private static String shade(double value, double max) {
        if (!(max > 0) || !Double.isFinite(value)) {
            return "";
        }
        int index = (int) Math.round(Math.max(0, Math.min(1, value / max)) * (SHADES.length() - 1));
        return " " + SHADES.charAt(index);
    }

    private static String fractions(List<Double> fractions) {
        return String.join(", ", fractions.stream().map(MarkdownReport::percent).toList());
    }

    static String percent(double fraction) {
        double percent = fraction * 100;
        boolean whole = Math.abs(percent - Math.rint(percent)) < 1e-9;
        return String.format(Locale.ROOT, whole ? "%.0f %%" : "%.1f %%", percent);
    }

    private static String percentOrDash(Double fraction) {
        return fraction == null ? "—" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static void learning(StringBuilder md, List<ExperimentReport.LearningRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Did the fine-tuned models learn?\n\n");
        md.append("Each fine-tuned model's dev metric with its 95 % bootstrap interval over dev examples, against the "
                + "task's trivial baseline (majority class; mean predictor for regression). A full fine-tuned model "
                + "whose interval does not clear the baseline is kept out of the findings.\n\n");
        md.append("| model | metric | dev | 95 % interval | baseline | learned |\n| --- | --- | ---: | --- | ---: | --- |\n");
        for (ExperimentReport.LearningRow row : rows) {
            md.append(String.format(java.util.Locale.ROOT, "| %s | %s | %.3f | [%.3f, %.3f] | %.3f | %s |%n",
                    row.variant(), row.metric(), row.value(), row.ciLow(), row.ciHigh(), row.baseline(),
                    row.learned() ? "yes" : "**no**" + (row.reason() == null ? "" : " (" + row.reason() + ")")));
        }
        md.append('\n');
    }

    /**
     * The two orders compared cell by cell: the advantage of pruning first (positive: pruning first did better),
     * its paired interval and permutation p-value, and what the interval decides.
     */
    private static void orderEffects(StringBuilder md, List<ExperimentReport.FineTuningRow> rows) {
        if (rows.stream().allMatch(r -> r.verdict() == null)) {
            return;
        }
        md.append("Pruning first against fine-tuning first, per cell: the advantage of pruning first (oriented so that "
                + "positive means pruning first did better) with its 95 % paired bootstrap interval over dev "
                + "examples and its permutation p-value.\n\n");
        List<List<String>> cells = new ArrayList<>();
        for (ExperimentReport.FineTuningRow r : rows) {
            Double advantage = FindingsBuilder.orientedAdvantage(r);
            cells.add(List.of(r.task(), r.metric(), percent(r.fraction()), number(advantage, "%+.4f")
                            + interval(r.advantageCiLow(), r.advantageCiHigh(), "%+.4f"),
                    number(r.advantagePValue(), "%.3f"), r.verdict() == null ? "—" : r.verdict(),
                    r.examplesToDecide() == null ? "" : String.format(Locale.ROOT, "about %,d", r.examplesToDecide())));
        }
        md.append(new MarkdownTable(List.of("task", "metric", "pruned", "advantage of pruning first [95 %]", "p",
                "verdict", "dev examples to decide"), cells).render()).append('\n');
    }

    /** " [low, high]" when both ends are known, else nothing. */
    private static String interval(Double low, Double high, String format) {
        return low == null || high == null ? "" : " [" + String.format(Locale.ROOT, format, low) + ", "
                + String.format(Locale.ROOT, format, high) + "]";
    }

    private static Double at(List<Double> values, int index) {
        return values == null || index >= values.size() ? null : values.get(index);
    }

    private static String number(Double value, String format) {
        return value == null ? "—" : String.format(Locale.ROOT, format, value);
    }
}
