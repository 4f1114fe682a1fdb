package dev.headcount.report.report;

import dev.headcount.metrics.coherence.Coherence;
import dev.headcount.metrics.coherence.CoherenceMatrix;
import dev.headcount.report.TinyExperiment;
import dev.headcount.report.aggregation.Completion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportBuilderTest {
    private static final double EPS = 1e-12;
    private final TinyExperiment tiny = new TinyExperiment("exp-report");

    private ExperimentSnapshot complete() {
        return new ExperimentSnapshot(tiny.experimentId, "completed", Instant.parse("2025-05-01T09:30:00Z"),
                Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan, tiny.maps(), tiny.evaluations(),
                tiny.fineTunes(), Completion.expected(tiny.plan));
    }

    private static double spearman() {
        Map<String, double[][]> maps = new LinkedHashMap<>();
        maps.put(TinyExperiment.PRETRAINING, TinyExperiment.SOTU_MAP);
        maps.put(TinyExperiment.SPAM, TinyExperiment.SPAM_MAP);
        return CoherenceMatrix.of(maps).between(TinyExperiment.PRETRAINING, TinyExperiment.SPAM).spearman();
    }

    /** Three handlings by two replicas, not in start order; the third unit was read back (reused). */
    static List<dev.headcount.events.WorkDone> work(TinyExperiment tiny) {
        Instant t = Instant.parse("2025-05-01T10:00:00Z");
        var pruned = dev.headcount.events.WorkUnit.prune(tiny.plan.prunedModels().get(0));
        var shard = dev.headcount.events.WorkUnit.score(dev.headcount.events.ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING, 1, 4);
        var fineTune = dev.headcount.events.WorkUnit.fineTune(tiny.plan.fineTunes().get(0));
        return List.of(
                new dev.headcount.events.WorkDone(tiny.experimentId, pruned, "pruner-service@a:1", t.plusSeconds(30),
                        t.plusSeconds(31), false),
                new dev.headcount.events.WorkDone(tiny.experimentId, shard, "scorer-service@b:2", t, t.plusMillis(12500),
                        false),
                new dev.headcount.events.WorkDone(tiny.experimentId, pruned, "pruner-service@a:1", t.plusSeconds(40),
                        t.plusMillis(40250), true),
                new dev.headcount.events.WorkDone(tiny.experimentId, fineTune, "finetune-service@c:3", t.plusSeconds(1),
                        t.plusSeconds(61), false));
    }

    @Test
    void unitsAreListedByStartAndSummedPerKindAndWorker() throws Exception {
        ExperimentSnapshot base = complete();
        ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(base.experimentId(), base.status(),
                base.requestedAt(), base.completedAt(), null, null, base.plan(), base.maps(), base.evaluations(),
                base.fineTunes(), base.completion(), Map.of(), work(tiny)));
        assertEquals(List.of("score/pretrained/builtin/sotu/1-of-4", "finetune/finetuned/builtin/spam",
                "prune/pruned/task:builtin/sotu/0.5", "prune/pruned/task:builtin/sotu/0.5"),
                report.units().stream().map(ExperimentReport.UnitRow::id).toList());
        ExperimentReport.UnitRow shard = report.units().get(0);
        assertEquals(new ExperimentReport.UnitRow("score/pretrained/builtin/sotu/1-of-4", "score", "scorer-service@b:2",
                Instant.parse("2025-05-01T10:00:00Z"), Instant.parse("2025-05-01T10:00:12.500Z"), 12.5, false), shard);

        String json = ReportJson.write(report);
        var units = dev.headcount.events.EventJson.mapper().readTree(json).get("units");
        assertEquals("2025-05-01T10:00:12.500Z", units.get(0).get("finishedAt").asText());
        assertEquals(12.5, units.get(0).get("seconds").asDouble(), EPS);
        assertEquals(report, dev.headcount.events.EventJson.mapper().readValue(json, ExperimentReport.class));
        // a report.json written before units were recorded reads with none
        var old = (com.fasterxml.jackson.databind.node.ObjectNode) dev.headcount.events.EventJson.mapper().readTree(json);
        old.remove("units");
        assertEquals(List.of(), dev.headcount.events.EventJson.mapper().treeToValue(old, ExperimentReport.class).units());

        // the shards shape the units: headcount simulate rebuilds the plan from the request summary
        assertEquals(4, report.request().shards());
        String markdown = MarkdownReport.render(report);
        assertTrue(markdown.contains(", 4 scoring shards per map |"), markdown);
        assertTrue(markdown.contains("4 units handled by 3 worker replicas, 73.8 s busy in all"), markdown);
        assertTrue(markdown.contains("| score | scorer-service@b:2 | 1 | 0 | 12.5 |\n"
                + "| prune | pruner-service@a:1 | 1 | 1 | 1.3 |\n"
                + "| finetune | finetune-service@c:3 | 1 | 0 | 60.0 |\n"), markdown);
        assertTrue(!MarkdownReport.render(ReportBuilder.build(complete())).contains("## Work"),
                "no Work section without units");
    }

    @Test
    void theFindingsCarryTheNumbers() {
        ExperimentReport report = ReportBuilder.build(complete());
        ExperimentReport.Findings findings = report.findings();

        assertEquals(2, findings.prunability().size());
        ExperimentReport.PrunabilityFinding spam = findings.prunability().get(1);
        assertEquals(TinyExperiment.SPAM, spam.task());
        assertEquals(0.5, spam.byOwnImportance(), EPS);
        assertEquals(0.0, spam.byRandom(), EPS);

        assertEquals(spearman(), findings.coherence().meanSpearman(), EPS);
        assertEquals(1, findings.coherence().perTask().size());

        assertEquals(1, findings.beforeAfter().byMetric().size());
        assertEquals(0.88 - 0.765, findings.beforeAfter().byMetric().get(0).meanAdvantage(), EPS);
        assertEquals(1, findings.beforeAfter().cells());
        assertEquals(TinyExperiment.SPAM_UNPRUNED, spam.unpruned(), EPS);
        assertEquals(2, spam.randomSeeds());
        assertNull(spam.ownNote());
        assertEquals(List.of(), findings.coherence().missingMaps());
        assertEquals(3, findings.coherence().meanTopK().size());
        assertEquals(report.coherence().pairs().get(0).topK().get(1).jaccard(),
                findings.coherence().meanTopK().get(1).jaccard(), EPS);
        assertEquals(1, findings.beforeAfter().pruningFirstBetter());
        assertEquals(0, findings.beforeAfter().fineTuningFirstBetter());
        // one paragraph per finding: prunability, coherence, before/after
        assertEquals(3, findings.summary().size());
        String prunability = findings.summary().get(0);
        // these events carry no per-example predictions: the numbers are there, the claim is not
        assertTrue(prunability.contains("builtin/spam (accuracy, unpruned 0.9000): 50 % by its own importance, "
                + "0 % in random order (mean of 2 seeds) — no interval"), prunability);
        String coherence = findings.summary().get(1);
        assertTrue(coherence.contains(String.format(Locale.ROOT, "builtin/spam: ρ %.3f (no interval", spearman())), coherence);
        String beforeAfter = findings.summary().get(2);
        assertTrue(beforeAfter.contains("pruned then fine-tuned 0.8800, fine-tuned then pruned 0.7650, unpruned "
                + "fine-tuned 0.9000 — advantage of pruning first +0.1150 (no interval: no claim)"), beforeAfter);
        assertTrue(beforeAfter.contains("+0.1150"), beforeAfter);
    }

    /**
     * 100 balanced dev examples; the model gets the first round(value · 100) right: its accuracy is the event's
     * value, so the point estimates stay those of the plain tiny experiment.
     */
    private static dev.headcount.events.Predictions accuracyPredictions(double accuracy) {
        int[] gold = new int[100];
        int[] predicted = new int[100];
        int right = (int) Math.round(accuracy * 100);
        for (int i = 0; i < 100; i++) {
            gold[i] = i % 2;
            predicted[i] = i < right ? gold[i] : 1 - gold[i];
        }
        return dev.headcount.events.Predictions.of(new dev.headcount.metrics.ExamplePredictions.Classes(predicted, gold));
    }

    private ExperimentSnapshot withPredictions() {
        List<dev.headcount.events.MaskedModelEvaluated> evaluations = tiny.evaluations().stream().map(e -> !e
                .evaluatedTask().equals(TinyExperiment.SPAM) ? e : new dev.headcount.events.MaskedModelEvaluated(
                e.experimentId(), e.baseVariant(), e.ranking(), e.fraction(), e.evaluatedTask(), e.primaryMetric(),
                e.metrics(), e.loss(), e.examples(), e.headsRemoved(), null,
                accuracyPredictions(e.metrics().get("accuracy")))).toList();
        List<dev.headcount.events.ModelFineTuned> fineTunes = tiny.fineTunes().stream().map(f ->
                new dev.headcount.events.ModelFineTuned(f.experimentId(), f.variant(), f.artifactUri(),
                        f.primaryMetric(), f.devMetrics(), f.devLoss(), f.curve(), f.completedAt(), f.learning(),
                        f.provenance(), accuracyPredictions(f.devMetrics().get("accuracy")))).toList();
        return new ExperimentSnapshot(tiny.experimentId, "completed", Instant.parse("2025-05-01T09:30:00Z"),
                Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan, tiny.maps(), evaluations, fineTunes,
                Completion.expected(tiny.plan));
    }

    @Test
    void predictionsGiveEveryCurvePointAndTheComparisonsTheirIntervals() {
        ExperimentReport report = ReportBuilder.build(withPredictions());
        ExperimentReport.CurveTable spam = report.pruningCurves().stream()
                .filter(t -> t.evaluatedTask().equals(TinyExperiment.SPAM)).findFirst().orElseThrow();
        ExperimentReport.Series own = spam.rankings().stream()
                .filter(series -> series.ranking().equals("task:" + TinyExperiment.SPAM)).findFirst().orElseThrow();
        // the same intervals as the metrics module computes from the same predictions directly
        List<dev.headcount.metrics.ExamplePredictions> ownPredictions = spam.fractions().stream()
                .map(f -> accuracyPredictions(own.values().get(spam.fractions().indexOf(f))).toMetrics()).toList();
        dev.headcount.metrics.prunability.CurveUncertainty direct = dev.headcount.metrics.prunability.CurveUncertainty
                .of(dev.headcount.metrics.Metric.ACCURACY, new double[]{0, 0.25, 0.5}, List.of(ownPredictions), 0.5,
                        dev.headcount.report.aggregation.PruningCurves.RESAMPLING);
        for (int i = 0; i < spam.fractions().size(); i++) {
            assertTrue(own.ciLow().get(i) <= own.values().get(i) && own.values().get(i) <= own.ciHigh().get(i));
            assertEquals(direct.values().get(i).low(), own.ciLow().get(i), EPS);
            assertEquals(direct.values().get(i).high(), own.ciHigh().get(i), EPS);
            assertTrue(spam.random().ciLow().get(i) <= spam.random().mean().get(i) + EPS);
        }
        ExperimentReport.PrunabilityRow ownRow = report.prunability().stream()
                .filter(r -> r.evaluatedTask().equals(TinyExperiment.SPAM) && r.ranking().equals("task:builtin/spam"))
                .findFirst().orElseThrow();
        assertEquals(0.5, ownRow.chance(), EPS); // majority share of the balanced dev labels
        assertEquals(direct.relativeArea().low(), ownRow.relativeAreaCiLow(), EPS);

        ExperimentReport.PrunabilityFinding finding = report.findings().prunability().get(1);
        assertTrue(finding.verdict() != null && finding.differenceCiLow() != null, finding.toString());
        String prunability = report.findings().summary().get(0);
        // the sentence follows the verdict the interval gives
        assertTrue(finding.verdict().equals("longer") == prunability.contains("kept longer than random ("),
                prunability);

        ExperimentReport.FineTuningRow row = report.fineTuning().get(0);
        dev.headcount.metrics.finetuning.OrderEffect effect = dev.headcount.metrics.finetuning.OrderEffect.of(
                dev.headcount.metrics.Metric.ACCURACY, accuracyPredictions(0.88).toMetrics(),
                accuracyPredictions(0.765).toMetrics(), dev.headcount.report.aggregation.PruningCurves.RESAMPLING);
        assertEquals(effect.advantage().low(), row.advantageCiLow(), EPS);
        assertEquals(effect.advantage().high(), row.advantageCiHigh(), EPS);
        assertEquals(effect.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'), row.verdict());
        // 0.115 on 100 paired examples, the same 77 right in both and 11 more by pruning first: decided
        assertEquals("pruning-first-better", row.verdict());
        assertTrue(report.findings().summary().get(2).contains("pruning first is better (+0.1150, 95 % interval"),
                report.findings().summary().get(2));
        assertEquals(1, report.findings().beforeAfter().decidedPruningFirst());
    }

    @Test
    void unitRowsGiveCoherenceItsIntervalPValueAndCeiling() {
        // two maps of 40 units each: the second is the first plus noise, so ρ is high and its interval above 0
        java.util.Random random = new java.util.Random(3);
        float[][] first = new float[40][12];
        float[][] second = new float[40][12];
        for (int u = 0; u < 40; u++) {
            for (int h = 0; h < 12; h++) {
                first[u][h] = (float) (TinyExperiment.SOTU_MAP[h / 4][h % 4] + 0.1 * random.nextGaussian());
                second[u][h] = (float) (TinyExperiment.SOTU_MAP[h / 4][h % 4] + 0.1 * random.nextGaussian());
            }
        }
        var firstRows = new dev.headcount.metrics.coherence.GateGradientRows(3, 4, first);
        var secondRows = new dev.headcount.metrics.coherence.GateGradientRows(3, 4, second);
        Map<dev.headcount.events.ExperimentPlan.MapKey, dev.headcount.metrics.coherence.GateGradientRows> rows = Map.of(
                new dev.headcount.events.ExperimentPlan.MapKey(dev.headcount.events.ModelVariant.pretrained(),
                        TinyExperiment.PRETRAINING), firstRows,
                new dev.headcount.events.ExperimentPlan.MapKey(tiny.plan.modelFor(TinyExperiment.SPAM),
                        TinyExperiment.SPAM), secondRows);
        ExperimentSnapshot plain = complete();
        ExperimentReport report = ReportBuilder.build(new ExperimentSnapshot(plain.experimentId(), plain.status(),
                plain.requestedAt(), plain.completedAt(), null, null, plain.plan(), plain.maps(), plain.evaluations(),
                plain.fineTunes(), plain.completion(), rows));
        ExperimentReport.CoherenceRow pair = report.coherence().pairs().get(0);
        dev.headcount.metrics.coherence.CoherenceUncertainty direct = dev.headcount.metrics.coherence
                .CoherenceUncertainty.of(firstRows, secondRows, true,
                        dev.headcount.report.aggregation.PruningCurves.RESAMPLING);
        assertEquals(direct.spearman().low(), pair.spearmanCiLow(), EPS);
        assertEquals(direct.spearmanPValue(), pair.spearmanPValue(), EPS);
        assertEquals(Math.sqrt(pair.reliabilityFirst() * pair.reliabilitySecond()), pair.ceiling(), EPS);
        assertTrue(pair.spearmanCiLow() > 0, pair.toString());
        assertEquals("coherent", pair.verdict());
        assertTrue(report.importance().stream().allMatch(section -> section.splitHalfSpearman() != null
                && section.splitHalfSpearman() > 0.5), report.importance().toString());
        assertTrue(report.findings().summary().get(1).contains("Coherent (whole interval above 0) on 1 of 1 task(s)"),
                report.findings().summary().get(1));
    }

    @Test
    void theImportanceSectionsLayerMassIsOnTheRawMap() {
        // SPAM's raw map scaled by layer: ×1, ×2, ×3 (sums over 64 units), its normalised map unchanged. Layer shares
        // of the raw mean |gradient| follow the scaling; the normalised map's shares would not
        dev.headcount.events.ImportanceMapCompleted plain = tiny.map(TinyExperiment.SPAM);
        List<List<Double>> scaled = new java.util.ArrayList<>();
        for (int layer = 0; layer < plain.layers(); layer++) {
            int factor = layer + 1;
            scaled.add(plain.rawSums().get(layer).stream().map(v -> v * factor).toList());
        }
        dev.headcount.events.ImportanceMapCompleted map = new dev.headcount.events.ImportanceMapCompleted(
                plain.experimentId(), plain.variant(), plain.task(), plain.granularity(), scaled, plain.counts(),
                plain.normalizedImportance(), plain.attentionEntropy(), plain.artifactUri());
        List<Double> mass = ReportBuilder.importance(tiny.plan, List.of(map)).get(0).layerMass();
        double[] totals = new double[plain.layers()];
        double total = 0;
        for (int layer = 0; layer < plain.layers(); layer++) {
            for (double value : TinyExperiment.SPAM_MAP[layer]) {
                totals[layer] += value * (layer + 1);
            }
            total += totals[layer];
        }
        for (int layer = 0; layer < plain.layers(); layer++) {
            assertEquals(totals[layer] / total, mass.get(layer), EPS);
        }
    }

    @Test
    void sectionsHoldEveryResult() {
        ExperimentReport report = ReportBuilder.build(complete());
        assertEquals("builtin:all-MiniLM-L6-v2", report.request().model());
        assertEquals(List.of("task:builtin/sotu", "task:builtin/spam", "random:0", "random:1"),
                report.request().rankings());
        assertEquals(2, report.importance().size());
        assertEquals(List.of(TinyExperiment.PRETRAINING, TinyExperiment.SPAM), report.coherence().tasks());
        assertEquals(spearman(), report.coherence().spearman().get(0).get(1), EPS);
        assertEquals(1.0, report.coherence().spearman().get(0).get(0), EPS);
        assertEquals(3, report.coherence().pairs().get(0).topK().size());
        assertEquals(2, report.pruningCurves().size());
        // 2 targets × (2 task rankings + random)
        assertEquals(6, report.prunability().size());
        assertEquals(1, report.fineTuning().size());
    }

    @Test
    void aReportSoFarHasEmptyPlacesInsteadOfNumbers() {
        ExperimentSnapshot partial = new ExperimentSnapshot(tiny.experimentId, "running", null, null, null, null,
                tiny.plan, List.of(tiny.map(TinyExperiment.PRETRAINING)), List.of(tiny.evaluations().get(0)), List.of(),
                Completion.expected(tiny.plan));
        ExperimentReport report = ReportBuilder.build(partial);
        assertTrue(report.coherence().pairs().isEmpty());
        assertTrue(report.prunability().isEmpty());
        assertTrue(report.fineTuning().isEmpty());
        assertNull(report.findings().coherence().meanSpearman());
        assertTrue(report.findings().beforeAfter().byMetric().isEmpty());
        assertNull(report.pruningCurves().get(0).rankings().get(0).values().get(1));
        String markdown = MarkdownReport.render(report);
        assertTrue(markdown.contains("**Prunability.** No complete pruning curve yet."), markdown);
        assertTrue(markdown.contains("**Coherence.** Not available yet: no importance map of builtin/spam yet."),
                markdown);
        assertTrue(markdown.contains("Fewer than two importance maps so far."));
    }

    @Test
    void writesTheMarkdownForALook() throws Exception {
        java.nio.file.Path out = java.nio.file.Path.of("target", "tiny-report.md");
        java.nio.file.Files.writeString(out, MarkdownReport.render(ReportBuilder.build(complete())));
        java.nio.file.Files.writeString(out.resolveSibling("tiny-report.json"), ReportJson.write(ReportBuilder.build(complete())));
    }

    @Test
    void markdownHasEverySectionAndTheCoherenceNumbers() {
        String markdown = MarkdownReport.render(ReportBuilder.build(complete()));
        for (String heading : List.of("# Experiment exp-report", "## Summary", "## Request", "## Progress",
                "## Head importance", "### builtin/sotu on pretrained", "## Coherence", "## Pruning curves",
                "### builtin/spam on finetuned/builtin/spam (accuracy ↑)", "## Prunability",
                "## Before vs after fine-tuning")) {
            assertTrue(markdown.contains(heading), "missing " + heading + "\n" + markdown);
        }
        assertTrue(markdown.contains(String.format(Locale.ROOT, "%.3f", spearman())), markdown);
        assertTrue(markdown.contains("| 50 % | 0.7650 | 0.8550 | 0.6525 ± 0.0318 |"), markdown);
        assertTrue(markdown.contains("+0.1150"), markdown);
        Coherence self = Coherence.between(TinyExperiment.SOTU_MAP, TinyExperiment.SOTU_MAP);
        assertEquals(1.0, self.spearman(), EPS);
    }

    @Test
    void provenanceOfEveryResultIsInTheJsonAndSummarisedInTheMarkdown() throws Exception {
        ExperimentReport report = ReportBuilder.build(complete());
        ExperimentReport.ProvenanceSection provenance = report.provenance();
        assertEquals(List.of(TinyExperiment.PRETRAINING, TinyExperiment.SPAM),
                provenance.maps().stream().map(ExperimentReport.MapProvenance::task).toList());
        assertEquals(tiny.map(TinyExperiment.SPAM).provenance(), provenance.maps().get(1).provenance());
        assertEquals(tiny.fineTunes().size(), provenance.fineTunes().size());
        assertEquals(List.of(), provenance.evaluations(), "the tiny evaluations were stored without provenance");
        assertEquals(tiny.evaluations().size(), provenance.withoutProvenance());
        assertEquals(1, provenance.codeVersions().size());
        assertEquals(1, provenance.platforms().size());

        com.fasterxml.jackson.databind.JsonNode json = dev.headcount.events.EventJson.mapper()
                .readTree(ReportJson.write(report)).get("provenance");
        com.fasterxml.jackson.databind.JsonNode map = json.get("maps").get(1);
        assertEquals(TinyExperiment.SPAM, map.get("task").asText());
        assertEquals("finetuned/builtin/spam", map.get("variant").asText());
        assertEquals(tiny.map(TinyExperiment.SPAM).provenance().model().sha256(),
                map.get("provenance").get("model").get("sha256").asText());
        assertEquals("train", map.get("provenance").get("data").get(0).get("split").asText());
        // what headcount reproduce reads: the raw importance beside the normalised map (64 units: value × 64 / 64)
        com.fasterxml.jackson.databind.JsonNode spam = dev.headcount.events.EventJson.mapper()
                .readTree(ReportJson.write(report)).get("importance").get(1);
        assertEquals("finetuned/builtin/spam", spam.get("variant").asText());
        assertEquals(TinyExperiment.SPAM_MAP[2][3] * 64 / 64, spam.get("importance").get(2).get(3).asDouble(), 0.0);
        assertEquals(TinyExperiment.SPAM_MAP[2][3], spam.get("normalizedImportance").get(2).get(3).asDouble(), 0.0);
        assertEquals("993dd85e99dfabeb21f5076198d99a597ecaefda", json.get("codeVersions").get(0).get("commit").asText());
        assertEquals(tiny.evaluations().size(), json.get("withoutProvenance").asInt());

        String markdown = MarkdownReport.render(report);
        String section = markdown.substring(markdown.indexOf("## Provenance"));
        String sotuData = tiny.map(TinyExperiment.PRETRAINING).provenance().data().get(0).sha256();
        assertTrue(section.contains("| builtin/sotu | pretrained | builtin:all-MiniLM-L6-v2 `"), section);
        assertTrue(section.contains("train, 64 examples, seed 7, `" + sotuData.substring(0, 12) + "`"), section);
        assertTrue(section.contains("commit `993dd85e99dfabeb21f5076198d99a597ecaefda`, clean"), section);
        assertTrue(section.contains("DJL 0.36.0, PyTorch 2.7.1, cpu(), 2 threads"), section);
        assertTrue(section.contains(tiny.evaluations().size() + " result(s) were stored before provenance"), section);
    }

    @Test
    void jsonHasNullsNotNaN() {
        ExperimentSnapshot partial = new ExperimentSnapshot(tiny.experimentId, "running", null, null, null, null,
                tiny.plan, List.of(), List.of(), List.of(), Completion.expected(tiny.plan));
        String json = ReportJson.write(ReportBuilder.build(partial));
        assertTrue(!json.contains("NaN"), json);
        assertTrue(json.contains("\"experimentId\" : \"exp-report\""), json);
    }

    /** A full fine-tuned model that did not learn: shown and marked, its map and rows kept out of the findings. */
    @Test
    void aModelThatDidNotLearnIsShownButKeptOutOfTheFindings() {
        List<dev.headcount.events.ModelFineTuned> fineTunes = new java.util.ArrayList<>();
        for (dev.headcount.events.ModelFineTuned t : tiny.fineTunes()) {
            boolean full = !t.variant().isPruned();
            fineTunes.add(new dev.headcount.events.ModelFineTuned(t.experimentId(), t.variant(), t.artifactUri(),
                    t.primaryMetric(), t.devMetrics(), t.devLoss(), t.curve(), t.completedAt(),
                    new dev.headcount.events.Learning("accuracy", 0.52, 0.5, 0.45, 0.59, !full, null), t.provenance()));
        }
        ExperimentSnapshot snapshot = new ExperimentSnapshot(tiny.experimentId, "completed",
                Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
                tiny.maps(), tiny.evaluations(), fineTunes,
                Completion.expected(tiny.plan));
        ExperimentReport report = ReportBuilder.build(snapshot);
        assertEquals(fineTunes.size(), report.learning().size());
        ExperimentReport.LearningRow spam = report.learning().stream()
                .filter(r -> r.variant().equals("finetuned/builtin/spam")).findFirst().orElseThrow();
        assertTrue(!spam.learned());
        assertEquals(0.45, spam.ciLow(), 0.0);
        // the spam map and its coherence are still shown, but no finding uses them
        assertTrue(report.importance().stream().anyMatch(s -> s.task().equals(TinyExperiment.SPAM)));
        assertEquals(1, report.coherence().pairs().size(), "shown: " + report.coherence().pairs());
        assertTrue(report.findings().coherence().perTask().isEmpty(), "not used: " + report.findings().coherence());
        assertTrue(report.findings().coherence().missingMaps().isEmpty(), "left out, not missing");
        assertTrue(report.findings().beforeAfter().toString().length() > 0);
        assertTrue(report.findings().summary().stream().anyMatch(p -> p.contains("no downstream map to compare with")),
                report.findings().summary().toString());
        assertTrue(report.findings().summary().get(0).startsWith("Not learned"), report.findings().summary().get(0));
        assertTrue(report.findings().summary().get(0).contains("builtin/spam (dev accuracy 0.520, 95 % interval"
                + " [0.450, 0.590], trivial baseline 0.500)"), report.findings().summary().get(0));
        String markdown = MarkdownReport.render(report);
        assertTrue(markdown.contains("## Did the fine-tuned models learn?"), markdown);
        assertTrue(markdown.contains("| finetuned/builtin/spam | accuracy | 0.520 | [0.450, 0.590] | 0.500 | **no** |"),
                markdown);
        String json = ReportJson.write(report);
        assertTrue(json.contains("\"learning\"") && json.contains("\"ciLow\" : 0.45"), json);
    }

    /** The request table and each heading say how every map was actually scored (a contrastive loss: per batch). */
    @Test
    void theReportSaysWhichMapsWereScoredPerBatch() {
        List<dev.headcount.events.ImportanceMapCompleted> maps = tiny.maps().stream()
                .map(m -> !m.task().equals(TinyExperiment.PRETRAINING) ? m : new dev.headcount.events.ImportanceMapCompleted(
                        m.experimentId(), m.variant(), m.task(), dev.headcount.events.Granularity.PER_BATCH, m.rawSums(),
                        m.counts(), m.normalizedImportance(), m.attentionEntropy(), m.artifactUri(), m.provenance()))
                .toList();
        ExperimentSnapshot snapshot = new ExperimentSnapshot(tiny.experimentId, "completed",
                Instant.parse("2025-05-01T09:30:00Z"), Instant.parse("2025-05-01T11:00:00Z"), null, null, tiny.plan,
                maps, tiny.evaluations(), tiny.fineTunes(), Completion.expected(tiny.plan));
        String markdown = MarkdownReport.render(ReportBuilder.build(snapshot));
        assertTrue(markdown.contains("| importance | per-example requested (scored otherwise: " + TinyExperiment.PRETRAINING
                + " per-batch), per-layer L2"), markdown);
        assertTrue(markdown.contains("### " + TinyExperiment.PRETRAINING + " on pretrained · scored per-batch"), markdown);
        assertTrue(markdown.contains("### builtin/spam on finetuned/builtin/spam · scored per-example"), markdown);
    }
}
