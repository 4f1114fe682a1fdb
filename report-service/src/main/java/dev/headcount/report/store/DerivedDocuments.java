package dev.headcount.report.store;

import dev.headcount.events.ModelVariant;
import dev.headcount.metrics.coherence.Coherence;
import dev.headcount.metrics.coherence.CoherencePair;
import dev.headcount.metrics.coherence.TopKOverlap;
import dev.headcount.metrics.prunability.Prunability;
import dev.headcount.report.aggregation.PruningCurves;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * The documents computed from results ({@code coherence}, {@code prunability}): recomputed from stored results
 * whenever one arrives, so they hold the same values however often and in whatever order events come.
 * Numbers that are not defined (NaN: a constant map, a non-positive unpruned metric) are stored as null.
 */
public final class DerivedDocuments {
    private DerivedDocuments() {
    }

    /**
     * {@code coherence}: {@code _id}, experimentId, first, second (task names, the request's order),
     * firstVariant, secondVariant, pretrainingPair (one of them is the pre-training task), spearman,
     * kendallTauB, pearson, topK [{fraction, k, jaccard, chanceJaccard}], layerMassOfFirst, layerMassOfSecond.
     */
    public static Document coherence(String experimentId, CoherencePair pair, ModelVariant firstVariant,
                                     ModelVariant secondVariant, String pretrainingTask) {
        Coherence c = pair.coherence();
        List<Document> topK = new ArrayList<>();
        for (TopKOverlap overlap : c.topK()) {
            topK.add(new Document("fraction", overlap.fraction()).append("k", overlap.k())
                    .append("jaccard", num(overlap.jaccard())).append("chanceJaccard", num(overlap.chanceJaccard())));
        }
        return new Document("_id", DocumentIds.coherence(experimentId, pair.first(), pair.second()))
                .append("experimentId", experimentId)
                .append("first", pair.first())
                .append("second", pair.second())
                .append("firstVariant", firstVariant == null ? null : firstVariant.name())
                .append("secondVariant", secondVariant == null ? null : secondVariant.name())
                .append("pretrainingPair", pair.first().equals(pretrainingTask) || pair.second().equals(pretrainingTask))
                .append("spearman", num(c.spearman()))
                .append("kendallTauB", num(c.kendallTauB()))
                .append("pearson", num(c.pearson()))
                .append("topK", topK)
                .append("layerMassOfFirst", nums(c.layerMassOfFirst()))
                .append("layerMassOfSecond", nums(c.layerMassOfSecond()));
    }

    /**
     * {@code prunability}: {@code _id}, experimentId, baseVariant, evaluatedTask, ranking (a ranking name or
     * {@code random}), seeds, metric, higherIsBetter, fractions, values (means for random), standardDeviations
     * (random only), unpruned, chance (the chance level retention is measured above; null when not known),
     * retention, rawArea, relativeArea, largestFractionKept, droppedAt (the next fraction, where the metric
     * first drops below 90 % retention; null when it never does on the grid), note.
     */
    public static Document prunability(String experimentId, PruningCurves.CurveResult result) {
        Prunability p = result.prunability();
        Document doc = new Document("_id", DocumentIds.prunability(experimentId, result.target().base(),
                result.ranking(), result.target().task()))
                .append("experimentId", experimentId)
                .append("baseVariant", result.target().base().name())
                .append("evaluatedTask", result.target().task())
                .append("ranking", result.ranking())
                .append("seeds", result.seeds())
                .append("metric", result.primaryMetric())
                .append("higherIsBetter", p == null ? null : p.metric().higherIsBetter())
                .append("fractions", result.fractions())
                .append("values", nums(result.values()))
                .append("standardDeviations", nums(result.standardDeviations()));
        if (p != null) {
            doc.append("unpruned", num(p.unpruned()))
                    .append("chance", num(p.chance()))
                    .append("retention", nums(p.retention()))
                    .append("rawArea", num(p.rawArea()))
                    .append("relativeArea", num(p.relativeArea()))
                    .append("largestFractionKept", num(p.largestFractionKept()))
                    .append("droppedAt", num(p.droppedAt()));
        }
        String note = result.note();
        if (p != null) {
            note = p.relativeUndefinedReason().or(p::chanceNote).orElse(note);
        }
        return doc.append("note", note);
    }

    static Double num(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static List<Double> nums(List<Double> values) {
        List<Double> out = new ArrayList<>(values.size());
        values.forEach(value -> out.add(value == null ? null : num(value)));
        return out;
    }
}
