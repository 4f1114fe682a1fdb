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
 * guessing. A finding ("longer than random", "coherent", "pruning first is better") is stated only where its 95 %
 * interval decides it; otherwise the sentence says "not resolved" and, where it can, how many examples would
 * decide it. Pure.
 */
final class SummaryWriter {
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
                .append(" of the unpruned model's margin over chance (at every step of the grid up to it), by a "
                        + "task's own importance against random order; a difference is claimed only where its 95 % "
                        + "paired bootstrap interval over dev examples excludes 0:");
        int longer = 0;
        int shorter = 0;
        int coarse = 0;
        int open = 0;
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
            String difference = f.differenceCiLow() == null ? "" : " (difference " + signedPoints(
                    f.byOwnImportance() - f.byRandom()) + ", 95 % interval " + pointsInterval(f.differenceCiLow(),
                    f.differenceCiHigh()) + ")";
            String verdict = f.verdict() == null ? "none" : f.verdict();
            switch (verdict) {
                case "longer" -> {
                    longer++;
                    s.append(" — kept longer than random").append(difference).append('.');
                }
                case "shorter" -> {
                    shorter++;
                    s.append(" — kept shorter than random").append(difference).append('.');
                }
                case "grid-too-coarse" -> {
                    coarse++;
                    s.append(" — the grid cannot tell them apart (both drop within the same step, or neither drops)");
                    appendArea(s, f);
                    s.append('.');
                }
                case "not-decided" -> {
                    open++;
                    s.append(" — not resolved").append(difference);
                    s.append(f.examplesToDecide() == null ? "" : "; about " + count(f.examplesToDecide())
                            + " dev examples would decide it");
                    s.append('.');
                }
                case "undefined" -> s.append(" — not defined (the unpruned model is not better than chance).");
                default -> s.append(" — no interval (the evaluations carry no per-example predictions), so no claim.");
            }
        }
        int decided = longer + shorter;
        if (decided + coarse + open > 0) {
            s.append(String.format(Locale.ROOT, " Pruning by a task's own importance kept the metric longer than "
                    + "random order on %s of %d task(s)", longer == 0 ? "none" : Integer.toString(longer),
                    decided + coarse + open));
            List<String> rest = new ArrayList<>();
            if (shorter > 0) {
                rest.add("shorter on " + shorter);
            }
            if (open > 0) {
                rest.add("not resolved on " + open);
            }
            if (coarse > 0) {
                rest.add("the grid too coarse to decide on " + coarse);
            }
            s.append(rest.isEmpty() ? "." : "; " + String.join(", ", rest) + ".");
        }
        return s.toString();
    }

    /** Where the grid cannot separate the drops, the relative area (mean retention) still may. */
    private static void appendArea(StringBuilder s, PrunabilityFinding f) {
        if (f.areaDifference() == null || f.areaDifferenceCiLow() == null) {
            return;
        }
        String what = f.areaDifferenceCiLow() > 0 ? "larger" : f.areaDifferenceCiHigh() < 0 ? "smaller"
                : "not resolved";
        s.append(String.format(Locale.ROOT, "; the mean retention over the grid by own importance is %s "
                        + "(own − random %+.3f, 95 %% interval [%+.3f, %+.3f])", what, f.areaDifference(),
                f.areaDifferenceCiLow(), f.areaDifferenceCiHigh()));
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
                .append(") and each downstream map, with its 95 % bootstrap interval over the scoring examples of "
                        + "both maps, its permutation p-value and its noise ceiling (the ρ two maps this reliable "
                        + "could show at most):");
        int coherent = 0;
        int anti = 0;
        int open = 0;
        int withoutInterval = 0;
        List<String> undefined = new ArrayList<>();
        for (TaskValue value : c.perTask()) {
            String task = value.task();
            if (value.value() == null) {
                undefined.add(task);
                continue;
            }
            s.append(' ').append(task).append(": ρ ").append(rho(value.value()));
            ExperimentReport.CoherenceRow pair = c.pairs().stream()
                    .filter(p -> p.first().equals(task) || p.second().equals(task)).findFirst().orElse(null);
            String verdict = pair == null ? null : pair.verdict();
            if (verdict == null) {
                withoutInterval++;
                s.append(" (no interval: the maps carry no per-unit gradients, so no claim);");
                continue;
            }
            s.append(String.format(Locale.ROOT, " [%.3f, %.3f], p %s", pair.spearmanCiLow(), pair.spearmanCiHigh(),
                    pValue(pair.spearmanPValue())));
            s.append(pair.ceiling() == null ? ", ceiling not defined (a map no more reliable than noise)"
                    : ", ceiling " + rho(pair.ceiling()));
            switch (verdict) {
                case "coherent" -> {
                    coherent++;
                    s.append(" — the heads that matter in pre-training tend to matter here too;");
                }
                case "anti-coherent" -> {
                    anti++;
                    s.append(" — the heads that matter in pre-training tend to matter less here;");
                }
                default -> {
                    open++;
                    s.append(" — not resolved");
                    s.append(pair.examplesToDecide() == null ? ";" : " (about " + count(pair.examplesToDecide())
                            + " scoring examples per map would decide it);");
                }
            }
        }
        if (!undefined.isEmpty() && undefined.size() == c.perTask().size()) {
            s.append(" undefined for every task (a constant importance map, e.g. every gate gradient zero, has no "
                    + "ranks);");
        } else if (!undefined.isEmpty()) {
            s.append(" undefined for ").append(String.join(", ", undefined))
                    .append(" (a constant importance map, e.g. every gate gradient zero, has no ranks);");
        }
        s.setCharAt(s.length() - 1, '.');
        int decided = coherent + anti + open;
        if (decided > 0) {
            s.append(String.format(Locale.ROOT, " Coherent (whole interval above 0) on %s of %d task(s)",
                    coherent == 0 ? "none" : Integer.toString(coherent), decided));
            List<String> rest = new ArrayList<>();
            if (anti > 0) {
                rest.add("below 0 on " + anti);
            }
            if (open > 0) {
                rest.add("not resolved on " + open);
            }
            s.append(rest.isEmpty() ? "." : "; " + String.join(", ", rest) + ".");
        } else if (withoutInterval > 0 && c.meanSpearman() != null) {
            s.append(" Mean ρ ").append(rho(c.meanSpearman())).append(" (point estimate only).");
        }
        topK(s, c.pairs());
        if (!c.missingMaps().isEmpty()) {
            s.append(" Not in yet: the importance map of ").append(String.join(", ", c.missingMaps())).append('.');
        }
        return s.toString();
    }

    /** Per top-k fraction: the mean overlap and chance, and on how many tasks the whole interval is above chance. */
    private static void topK(StringBuilder s, List<ExperimentReport.CoherenceRow> pairs) {
        List<TopKRow> means = FindingsBuilder.meanTopK(pairs);
        List<TopKRow> known = means.stream().filter(t -> t.jaccard() != null && t.chanceJaccard() != null).toList();
        if (known.isEmpty()) {
            return;
        }
        s.append(" The most important heads overlap (mean Jaccard index over tasks, chance level in brackets; tasks "
                + "whose whole interval lies above chance):");
        for (int i = 0; i < known.size(); i++) {
            TopKRow t = known.get(i);
            long resampled = pairs.stream().flatMap(p -> p.topK().stream())
                    .filter(r -> r.fraction() == t.fraction() && r.ciLow() != null).count();
            long above = pairs.stream().flatMap(p -> p.topK().stream())
                    .filter(r -> r.fraction() == t.fraction() && r.aboveChance()).count();
            s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "top %s %.3f (%.3f)%s",
                    percent(t.fraction()), t.jaccard(), t.chanceJaccard(),
                    resampled == 0 ? ", no interval" : ", above chance on " + above + " of " + resampled));
        }
        s.append('.');
    }

    static String beforeAfter(BeforeAfterFinding finding, List<FineTuningRow> rows) {
        StringBuilder s = new StringBuilder("**Before vs after fine-tuning.** ");
        if (rows.isEmpty()) {
            return s.append("No fine-tuned results yet.").toString();
        }
        s.append("Pruning by pre-training importance then fine-tuning, against fine-tuning then pruning the same "
                + "heads (the advantage of pruning first with its 95 % paired bootstrap interval over dev examples):");
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
        int decided = finding.decidedPruningFirst() + finding.decidedFineTuningFirst() + finding.notDecided();
        if (decided > 0) {
            s.append(String.format(Locale.ROOT, " Where the interval decides: pruning first better in %d of %d "
                            + "case(s), fine-tuning first in %d, not resolved in %d.", finding.decidedPruningFirst(),
                    decided, finding.decidedFineTuningFirst(), finding.notDecided()));
        }
        if (finding.cells() > 0) {
            List<String> perMetric = new ArrayList<>();
            for (MetricAdvantage m : finding.byMetric()) {
                perMetric.add(String.format(Locale.ROOT, "%s %+.4f over %d case(s)", m.metric(), m.meanAdvantage(),
                        m.cells()));
            }
            s.append(" Mean advantage of pruning first, per metric (point estimates, never averaged across metrics): ")
                    .append(String.join("; ", perMetric)).append('.');
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

    /**
     * Which order is better, claimed only where the interval decides, and how the better one compares with the
     * unpruned model. Without an interval (older results) the difference is given with no claim.
     */
    private static String verdict(FineTuningRow row, double advantage) {
        if (row.verdict() == null) {
            return String.format(Locale.ROOT, "advantage of pruning first %+.4f (no interval: no claim)", advantage);
        }
        String interval = String.format(Locale.ROOT, "%+.4f, 95 %% interval [%+.4f, %+.4f]", advantage,
                row.advantageCiLow(), row.advantageCiHigh());
        String better = switch (row.verdict()) {
            case "pruning-first-better" -> "pruning first is better (" + interval + ")";
            case "fine-tuning-first-better" -> "fine-tuning first is better (" + interval + ")";
            default -> "not resolved (" + interval + (row.examplesToDecide() == null ? ""
                    : "; about " + count(row.examplesToDecide()) + " dev examples would decide it") + ")";
        };
        if ("not-decided".equals(row.verdict())) {
            return better;
        }
        Double best = advantage >= 0 ? row.prunedThenFinetuned() : row.finetunedThenPrunedByPretraining();
        if (row.finetuned() == null || best == null) {
            return better;
        }
        double loss = row.higherIsBetter() ? row.finetuned() - best : best - row.finetuned();
        return better + (loss > EPS ? ", and the better order is " + number(loss) + " worse than unpruned"
                : ", and the better order is as good as unpruned or better");
    }

    private static String count(long examples) {
        return String.format(Locale.ROOT, "%,d", examples);
    }

    private static String pValue(Double p) {
        return p == null ? "not defined" : p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String signedPoints(double fractionDifference) {
        return String.format(Locale.ROOT, "%+.0f points", fractionDifference * 100);
    }

    private static String pointsInterval(double low, double high) {
        return String.format(Locale.ROOT, "[%+.0f, %+.0f] points", low * 100, high * 100);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String rho(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }


    private static String percent(double fraction) {
        return ReportBuilder.percent(fraction);
    }
}
