package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An importance map is complete (all shards summed) and stored: which map it is and where its file is. The numbers
 * travel one way, in the file ({@link ImportanceMapFile} at {@code artifactUri}), which the pruner ranks heads by and
 * the report-service reads when it aggregates this event; {@code sha256} lets a reader check that the file it read
 * is the one announced.
 *
 * <p>Version 1 carried the four layers × heads matrices as well (and no {@code layers}, {@code heads}, {@code sha256});
 * such events stay readable, so topics that hold them replay. An event read from version 1, or one completed from its
 * file by {@link #withMatrices}, {@linkplain #carriesMatrices() carries the matrices}; an event as published (version
 * 2) does not, and the matrices are written only when present.
 *
 * @param layers               layers of the map (version 1: derived from the matrices)
 * @param heads                heads per layer (version 1: derived from the matrices)
 * @param artifactUri          {@code file:} URI of the map JSON
 * @param sha256               lowercase hex SHA-256 of the map file's bytes; {@code null} only in version 1
 * @param provenance           what produced the map; {@code null} in events written before it was recorded
 * @param rawSums              layers × heads: sum of |dL/dξ|; only with matrices
 * @param counts               layers × heads: units summed; only with matrices
 * @param normalizedImportance layers × heads: importance after the request's normalisations; only with matrices
 * @param attentionEntropy     layers × heads: mean attention entropy (nats); only with matrices
 */
// the envelope last, as in every event: overriding schemaVersion() would otherwise leave its place to chance
@JsonPropertyOrder({"experimentId", "variant", "task", "granularity", "layers", "heads", "artifactUri", "sha256",
        "provenance", "rawSums", "counts", "normalizedImportance", "attentionEntropy", "eventId", "schemaVersion"})
public record ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                     int layers, int heads, String artifactUri, String sha256, Provenance provenance,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> rawSums,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Long>> counts,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> normalizedImportance,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Double>> attentionEntropy)
        implements HeadcountEvent {
    /**
     * Version 2 dropped the matrices (a 12 × 12 map made the event ~10 KB, read by a consumer that read the file
     * anyway); the other events stay at {@link HeadcountEvent#SCHEMA_VERSION}.
     */
    public static final int SCHEMA_VERSION = 2;

    private static final String TYPE = "ImportanceMapCompleted";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ImportanceMapCompleted {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.text(TYPE, "task", task);
        RequiredFields.present(TYPE, "granularity", granularity);
        RequiredFields.text(TYPE, "artifactUri", artifactUri);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new InvalidEventException(TYPE, "sha256", "must be 64 lowercase hex digits (the map file's SHA-256), "
                    + "was '" + sha256 + "'");
        }
        boolean any = rawSums != null || counts != null || normalizedImportance != null || attentionEntropy != null;
        if (any) {
            // all four or none: a map with some of its matrices would be half a map
            rawSums = RequiredFields.matrix(TYPE, "rawSums", rawSums);
            counts = RequiredFields.matrix(TYPE, "counts", counts);
            normalizedImportance = RequiredFields.matrix(TYPE, "normalizedImportance", normalizedImportance);
            attentionEntropy = RequiredFields.matrix(TYPE, "attentionEntropy", attentionEntropy);
            RequiredFields.sameShape(TYPE, "counts", counts, rawSums);
            RequiredFields.sameShape(TYPE, "normalizedImportance", normalizedImportance, rawSums);
            RequiredFields.sameShape(TYPE, "attentionEntropy", attentionEntropy, rawSums);
            if (layers == 0 && heads == 0) {
                // version 1 has no layers and heads: its matrices say them
                layers = rawSums.size();
                heads = rawSums.get(0).size();
            } else if (layers != rawSums.size() || heads != rawSums.get(0).size()) {
                throw new InvalidEventException(TYPE, "layers", "says " + layers + " × " + heads + ", the matrices are "
                        + rawSums.size() + " × " + rawSums.get(0).size());
            }
        } else {
            if (layers < 1) {
                throw new InvalidEventException(TYPE, "layers", "must be >= 1, was " + layers);
            }
            if (heads < 1) {
                throw new InvalidEventException(TYPE, "heads", "must be >= 1, was " + heads);
            }
            if (sha256 == null) {
                throw new InvalidEventException(TYPE, "sha256", "is required (the SHA-256 of the map file, which "
                        + "carries the numbers: the event carries no matrices)");
            }
        }
    }

    /** As the scorer publishes it: where the map is, no matrices. */
    public ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                  int layers, int heads, String artifactUri, String sha256, Provenance provenance) {
        this(experimentId, variant, task, granularity, layers, heads, artifactUri, sha256, provenance,
                null, null, null, null);
    }

    /** As version 1 carried it: the matrices, no digest. */
    public ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                  List<List<Double>> rawSums, List<List<Long>> counts,
                                  List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                  String artifactUri, Provenance provenance) {
        this(experimentId, variant, task, granularity, 0, 0, artifactUri, null, provenance,
                rawSums, counts, normalizedImportance, attentionEntropy);
    }

    /** As version 1 carried it, without provenance (as events were before it was recorded). */
    public ImportanceMapCompleted(String experimentId, ModelVariant variant, String task, Granularity granularity,
                                  List<List<Double>> rawSums, List<List<Long>> counts,
                                  List<List<Double>> normalizedImportance, List<List<Double>> attentionEntropy,
                                  String artifactUri) {
        this(experimentId, variant, task, granularity, rawSums, counts, normalizedImportance, attentionEntropy,
                artifactUri, null);
    }

    /**
     * Reading: {@code layers} and {@code heads} are boxed because version 1 has neither (absent, they are 0, and the
     * constructor takes them from the matrices); an absent primitive would be refused as a null.
     */
    @JsonCreator
    static ImportanceMapCompleted read(@JsonProperty("experimentId") String experimentId,
                                       @JsonProperty("variant") ModelVariant variant,
                                       @JsonProperty("task") String task,
                                       @JsonProperty("granularity") Granularity granularity,
                                       @JsonProperty("layers") Integer layers,
                                       @JsonProperty("heads") Integer heads,
                                       @JsonProperty("artifactUri") String artifactUri,
                                       @JsonProperty("sha256") String sha256,
                                       @JsonProperty("provenance") Provenance provenance,
                                       @JsonProperty("rawSums") List<List<Double>> rawSums,
                                       @JsonProperty("counts") List<List<Long>> counts,
                                       @JsonProperty("normalizedImportance") List<List<Double>> normalizedImportance,
                                       @JsonProperty("attentionEntropy") List<List<Double>> attentionEntropy) {
        return new ImportanceMapCompleted(experimentId, variant, task, granularity, layers == null ? 0 : layers,
                heads == null ? 0 : heads, artifactUri, sha256, provenance, rawSums, counts, normalizedImportance,
                attentionEntropy);
    }

    /** The event announcing {@code map}, stored at {@code artifactUri} with the given digest of its bytes. */
    public static ImportanceMapCompleted announcing(ImportanceMapFile map, String artifactUri, String sha256) {
        return new ImportanceMapCompleted(map.experimentId(), map.variant(), map.task(), map.granularity(),
                map.layers(), map.heads(), artifactUri, sha256, map.provenance());
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** Whether the matrices are here (read from version 1, or completed from the file); else read the file. */
    @JsonIgnore
    public boolean carriesMatrices() {
        return rawSums != null;
    }

    /**
     * This event with the matrices of its file: what the report aggregates. {@code file} must be the map this
     * event announces (same experiment, variant, task, granularity, shape and provenance); the caller checked the
     * bytes against {@link #sha256} ({@link ImportanceMapFile#readAnnounced}).
     *
     * @throws IllegalArgumentException naming the URI and the field that differs
     */
    public ImportanceMapCompleted withMatrices(ImportanceMapFile file) {
        String where = "the map file " + artifactUri + " announced by " + TYPE + " " + experimentId + "/" + variant
                + "/" + task;
        mustMatch(where, "experimentId", experimentId, file.experimentId());
        mustMatch(where, "variant", variant, file.variant());
        mustMatch(where, "task", task, file.task());
        mustMatch(where, "granularity", granularity, file.granularity());
        mustMatch(where, "layers × heads", layers + " × " + heads, file.layers() + " × " + file.heads());
        if (!Objects.equals(provenance, file.provenance())) {
            // the records are long: say which part differs rather than printing both
            throw new IllegalArgumentException(where + " does not match it: its provenance differs from the event's"
                    + " (model " + (file.provenance() == null ? "none" : file.provenance().model().sha256())
                    + " in the file, " + (provenance == null ? "none" : provenance.model().sha256())
                    + " in the event)");
        }
        List<List<Double>> raw = new ArrayList<>();
        List<List<Long>> count = new ArrayList<>();
        List<List<Double>> normalized = new ArrayList<>();
        List<List<Double>> entropy = new ArrayList<>();
        for (int l = 0; l < file.layers(); l++) {
            List<Double> r = new ArrayList<>();
            List<Long> c = new ArrayList<>();
            List<Double> n = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (int h = 0; h < file.heads(); h++) {
                r.add(file.rawSums()[l][h]);
                // every head of a map is summed over the same units
                c.add(file.units());
                n.add(file.normalizedImportance()[l][h]);
                e.add(file.attentionEntropy()[l][h]);
            }
            raw.add(r);
            count.add(c);
            normalized.add(n);
            entropy.add(e);
        }
        return new ImportanceMapCompleted(experimentId, variant, task, granularity, layers, heads, artifactUri, sha256,
                provenance, raw, count, normalized, entropy);
    }

    private static void mustMatch(String where, String field, Object announced, Object inFile) {
        if (!Objects.equals(announced, inFile)) {
            throw new IllegalArgumentException(where + " does not match it: " + field + " is " + inFile
                    + " in the file, " + announced + " in the event");
        }
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
