package dev.headcount.events;

import java.util.List;

/**
 * A complete importance map (all shards summed): what the pruner ranks heads by. Raw sums and counts are
 * kept so any normalisation can be redone.
 *
 * @param rawSums              layers × heads: sum of |dL/dξ|
 * @param counts               layers × heads: units summed
 * @param normalizedImportance layers × heads: importance after the request's normalisations
 * @param attentionEntropy     layers × heads: mean attention entropy (nats)
 * @param artifactUri          {@code file:} URI of the map JSON
 * @param provenance           what produced the map; {@code null} in events written before it was recorded
 */
public record ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                     List<List<Double>> rawSums, List<List<Long>> counts,
                                     List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                     String artifactUri, Provenance provenance) implements HeadcountEvent {
    private static final String TYPE = "ImportanceMapCompleted";

    public ImportanceMapCompleted {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.text(TYPE, "task", task);
        RequiredFields.present(TYPE, "granularity", granularity);
        rawSums = RequiredFields.matrix(TYPE, "rawSums", rawSums);
        counts = RequiredFields.matrix(TYPE, "counts", counts);
        normalizedImportance = RequiredFields.matrix(TYPE, "normalizedImportance", normalizedImportance);
        attentionEntropy = RequiredFields.matrix(TYPE, "attentionEntropy", attentionEntropy);
        RequiredFields.sameShape(TYPE, "counts", counts, rawSums);
        RequiredFields.sameShape(TYPE, "normalizedImportance", normalizedImportance, rawSums);
        RequiredFields.sameShape(TYPE, "attentionEntropy", attentionEntropy, rawSums);
        RequiredFields.text(TYPE, "artifactUri", artifactUri);
    }

    /** Without provenance (as events were before it was recorded). */
    public ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                  List<List<Double>> rawSums, List<List<Long>> counts,
                                  List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                  String artifactUri) {
        this(experimentId, variant, task, granularity, rawSums, counts, normalizedImportance, attentionEntropy,
                artifactUri, null);
    }

    public int layers() {
        return rawSums.size();
    }

    public int heads() {
        return rawSums.get(0).size();
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant, task);
    }

    @Override
    public String key() {
        return Topics.key(experimentId, variant, task);
    }

    @Override
    public String topic() {
        return Topics.HEAD_IMPORTANCE;
    }
}
