package dev.headcount.report.report;

import dev.headcount.metrics.prunability.Prunability;
import dev.headcount.report.report.ExperimentReport.BeforeAfterFinding;
import dev.headcount.report.report.ExperimentReport.CoherenceFinding;
import dev.headcount.report.report.ExperimentReport.FineTuningRow;
import dev.headcount.report.report.ExperimentReport.MetricAdvantage;
import dev.headcount.report.report.ExperimentReport.PrunabilityFinding;
import dev.headcount.report.report.ExperimentReport.TaskValue;
import dev.headcount.report.report.ExperimentReport.TopKRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's summary: one Markdown paragraph per finding (prunability, coherence, before vs after
 * fine-tuning), every sentence written from the findings' numbers, and saying what is missing rather than
 * guessing. Pure.
 */
final class SummaryWriter {
    /** Mean ρ within ±this reads as "about unrelated". */
    static final double UNRELATED = 0.1;
    private static final double EPS = 1e-12;

    private SummaryWriter() {
    }

    static List<String> paragraphs(List<PrunabilityFinding> prunability, CoherenceFinding coherence,
                                   BeforeAfterFinding beforeAfter, List<FineTuningRow> fineTuning) {
        return List.of(prunability(prunability), coherence(coherence), beforeAfter(beforeAfter, fineTuning));
    }

    static String prunability(List<PrunabilityFinding> findings) {
        StringBuilder s = new StringBuilder("**Prunability.** ");
        if (findings.stream().allMatch(f -> f.byOwnImportance() == null && f.byRandom() == null)) {
            return s.append("No complete pruning curve yet.").toString();
        }
        s.append("The largest fraction of heads pruned that keeps ≥ ").append(percent(Prunability.KEEP_SHARE))
                .append(" of the unpruned model's margin over chance (at every step of the grid up to it):");
        int compared = 0;
        int better = 0;
        int same = 0;
        for (PrunabilityFinding f : findings) {
            s.append(' ').append(f.task());
            if (f.metric() != null) {
                s.append(" (").append(f.metric())
                        .append(f.unpruned() == null ? "" : ", unpruned " + number(f.unpruned())).append(')');
            }
            s.append(": ");
            if (f.byOwnImportance() == null) {
                s.append("by its own importance not available (").append(f.ownNote()).append(')');
            } else {
                s.append(percent(f.byOwnImportance())).append(" by its own importance");
            }
            if (f.byRandom() == null) {
                s.append(", in random order not available (").append(f.randomNote()).append(").");
                continue;
            }
            s.append(", ").append(percent(f.byRandom())).append(" in random order (mean of ").append(f.randomSeeds())
                    .append(f.randomSeeds() == 1 ? " seed)" : " seeds)");
            if (f.byOwnImportance() == null) {
                s.append('.');
                continue;
            }
            double points = (f.byOwnImportance() - f.byRandom()) * 100;
            compared++;
            if (points > EPS) {
                better++;
                s.append(" — ").append(points(points)).append(" more than random.");
            } else if (points < -EPS) {
                s.append(" — ").append(points(-points)).append(" less than random.");
            } else {
                same++;
                s.append(" — the grid cannot tell them apart (both drop within the same step, or neither drops).");
            }
        }
        if (compared > 0) {
            s.append(String.format(Locale.ROOT, " Pruning by a task's own importance kept the metric longer than "
                    + "random order on %s of %d task(s)", better == 0 ? "none" : Integer.toString(better), compared));
            s.append(same > 0 ? "; the grid was too coarse to decide on " + same + "." : ".");
        }
        return s.toString();
    }

    static String coherence(CoherenceFinding c) {
        StringBuilder s = new StringBuilder("**Coherence.** ");
        if (c.perTask().isEmpty()) {
            s.append("Not available yet: ");
            return s.append(c.missingMaps().isEmpty() ? "no downstream map to compare with (a model that did not learn"
                    + " its task is left out)."
                    : "no importance map of " + String.join(", ", c.missingMaps()) + " yet.").toString();
        }
        s.append("Spearman ρ between the pre-training importance map (").append(c.pretrainingTask())
                .append(") and the downstream maps: ");
        if (c.meanSpearman() == null) {
            s.append("undefined for every task (a constant map has no ranks).");
        } else {
            // the mean is over the tasks whose ρ is defined; a constant map (e.g. all-zero gradients) has none
            List<TaskValue> defined = c.perTask().stream().filter(v -> v.value() != null).toList();
            if (defined.size() == 1) {
                s.append(rho(c.meanSpearman())).append(" for ").append(defined.get(0).task());
            } else {
                s.append("mean ").append(rho(c.meanSpearman())).append(" over ").append(defined.size())
                        .append(" tasks (lowest ").append(rho(c.lowest().value())).append(" for ")
                        .append(c.lowest().task()).append(", highest ").append(rho(c.highest().value()))
                        .append(" for ").append(c.highest().task()).append(')');
            }
            List<String> undefined = c.perTask().stream().filter(v -> v.value() == null).map(TaskValue::task).toList();
            if (!undefined.isEmpty()) {
                s.append("; undefined for ").append(String.join(", ", undefined))
                        .append(" (a constant importance map, e.g. every gate gradient zero, has no ranks)");
            }
            s.append(" — ").append(direction(c.meanSpearman())).append('.');
        }
        topK(s, c.meanTopK());
        if (!c.missingMaps().isEmpty()) {
            s.append(" Not in yet: the importance map of ").append(String.join(", ", c.missingMaps())).append('.');
        }
        return s.toString();
    }

    private static String direction(double meanRho) {
        if (meanRho >= UNRELATED) {
            return "the heads that matter in pre-training tend to matter downstream as well";
        }
        if (meanRho <= -UNRELATED) {
            return "the heads that matter in pre-training tend to matter less downstream";
        }
        return String.format(Locale.ROOT, "pre-training and downstream importance are about unrelated (|ρ| < %.1f)",
                UNRELATED);
    }

    private static void topK(StringBuilder s, List<TopKRow> topK) {
        List<TopKRow> known = topK.stream().filter(t -> t.jaccard() != null && t.chanceJaccard() != null).toList();
        if (known.isEmpty()) {
            return;
        }
        s.append(" The most important heads overlap (Jaccard index, chance level in brackets)");
        int above = 0;
        for (int i = 0; i < known.size(); i++) {
            TopKRow t = known.get(i);
            s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.3f (%.3f) in the top %s",
                    t.jaccard(), t.chanceJaccard(), percent(t.fraction())));
            above += t.jaccard() > t.chanceJaccard() + EPS ? 1 : 0;
        }
        s.append(": ").append(above == known.size() ? "above chance at every k"
                : above == 0 ? "at or below chance at every k"
                : "above chance at " + above + " of " + known.size() + " k").append('.');
    }

    static String beforeAfter(BeforeAfterFinding finding, List<FineTuningRow> rows) {
        StringBuilder s = new StringBuilder("**Before vs after fine-tuning.** ");
        if (rows.isEmpty()) {
            return s.append("No fine-tuned results yet.").toString();
        }
        s.append("Pruning by pre-training importance then fine-tuning, against fine-tuning then pruning the same "
                + "heads:");
        for (FineTuningRow row : rows) {
            s.append(' ').append(row.task()).append(" (").append(row.metric())
                    .append(row.higherIsBetter() ? " ↑" : " ↓").append("), ").append(percent(row.fraction())).append(" of heads: ");
            List<String> missing = new ArrayList<>();
            List<String> known = new ArrayList<>();
            describe(row.prunedThenFinetuned(), "pruned then fine-tuned", known, missing);
            describe(row.finetunedThenPrunedByPretraining(), "fine-tuned then pruned", known, missing);
            describe(row.finetuned(), "unpruned fine-tuned", known, missing);
            s.append(String.join(", ", known));
            Double advantage = FindingsBuilder.orientedAdvantage(row);
            if (advantage != null) {
                s.append(" — ").append(verdict(row, advantage));
            }
            if (!missing.isEmpty()) {
                s.append(known.isEmpty() ? "" : "; ").append(String.join(", ", missing)).append(" not in yet");
            }
            s.append('.');
        }
        if (finding.cells() > 0) {
            s.append(String.format(Locale.ROOT, " Overall pruning first did better in %d of %d case(s), fine-tuning "
                            + "first in %d (mean advantage of pruning first, per metric: ", finding.pruningFirstBetter(),
                    finding.cells(), finding.fineTuningFirstBetter()));
            List<String> perMetric = new ArrayList<>();
            for (MetricAdvantage m : finding.byMetric()) {
                perMetric.add(String.format(Locale.ROOT, "%s %+.4f over %d case(s)", m.metric(), m.meanAdvantage(),
                        m.cells()));
            }
            s.append(String.join("; ", perMetric)).append(").");
        } else {
            s.append(" No case has both orders in yet.");
        }
        return s.toString();
    }

    private static void describe(Double value, String name, List<String> known, List<String> missing) {
        if (value == null) {
            missing.add(name);
        } else {
            known.add(name + " " + number(value));
        }
    }

    /** Which order is better and by how much, and how the better one compares with the unpruned model. */
    private static String verdict(FineTuningRow row, double advantage) {
        String better = advantage > EPS ? "pruning first is better by " + number(Math.abs(advantage))
                : advantage < -EPS ? "fine-tuning first is better by " + number(Math.abs(advantage))
                : "both orders score the same";
        Double best = advantage >= 0 ? row.prunedThenFinetuned() : row.finetunedThenPrunedByPretraining();
        if (row.finetuned() == null || best == null) {
            return better;
        }
        double loss = row.higherIsBetter() ? row.finetuned() - best : best - row.finetuned();
        return better + (loss > EPS ? ", and the better order is " + number(loss) + " worse than unpruned"
                : ", and the better order is as good as unpruned or better");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String rho(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String points(double points) {
        return ReportBuilder.percent(points / 100).replace(" %", "") + " percentage points";
    }

    private static String percent(double fraction) {
        return ReportBuilder.percent(fraction);
    }
}
