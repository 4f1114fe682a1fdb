package dev.headcount.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic example of every event: used by the round-trip tests and written into README.md. */
final class EventExamples {
    static final String EXPERIMENT = "exp-2025-minilm";
    private static final Ranking SOTU = Ranking.byTask("builtin/sotu");

    private EventExamples() {
    }

    static ExperimentRequest request() {
        return ExperimentRequest.of("builtin:all-MiniLM-L6-v2", "builtin/sotu-pairs",
                "builtin/lt-acceptability", "builtin/spam");
    }

    /** The provenance of a map scored on the fine-tuned spam model (digests shortened to keep the example short). */
    static Provenance provenance() {
        return new Provenance(
                new Provenance.Model("file:/var/headcount/artifacts/exp-2025-minilm/finetuned/builtin/spam/checkpoint/",
                        "5d41402abc4b2a76b9719d911017c592", List.of(
                                new Provenance.FileDigest("config.json", 612, "0cc175b9c0f1b6a831c399e269772661"),
                                new Provenance.FileDigest("model.safetensors", 90_868_376,
                                        "92eb5ffee6ae2fec3ad71c777531578f")), null),
                List.of(new Provenance.Data("builtin/spam", "train", 42, 512, "4a8a08f09d37b73795649038408b5f33")),
                Map.of("granularity", "per-example", "albertMask", "per-pass", "maxLength", "128", "batchSize", "32",
                        "scoringExamples", "512", "devCap", "500", "normalizePerLayer", "true",
                        "normalizeGlobal", "true"),
                new Provenance.Code("0.1.0-SNAPSHOT", "993dd85e0b1c6b1f3f8e2f4c3d2a1b0c9d8e7f6a", false),
                new Provenance.Platform("0.36.0", "2.7.1", "cpu()", 2, "17.0.17", "Linux amd64"));
    }

    /** An {@code ImportanceMapCompleted} as version 1 wrote it, matrices and all (2 layers × 2 heads). */
    static String importanceMapVersion1() {
        return "{\"type\":\"ImportanceMapCompleted\",\"experimentId\":\"" + EXPERIMENT + "\","
                + "\"variant\":\"finetuned/builtin/spam\",\"task\":\"builtin/spam\",\"granularity\":\"per-example\","
                + "\"rawSums\":[[12.5,3.25],[0.75,8.0]],\"counts\":[[512,512],[512,512]],"
                + "\"normalizedImportance\":[[1.0,0.27],[0.0,0.68]],\"attentionEntropy\":[[2.1,1.4],[0.9,2.6]],"
                + "\"artifactUri\":\"file:/var/headcount/artifacts/exp-2025-minilm/finetuned/builtin/spam/importance/"
                + "builtin/spam.json\",\"provenance\":null,"
                + "\"eventId\":\"14f7aa47-c7f1-3909-aa4f-982420013954\",\"schemaVersion\":1}";
    }

    static List<HeadcountEvent> all() {
        ModelVariant finetunedSpam = ModelVariant.finetuned("builtin/spam");
        return List.of(
                new ExperimentRequested(EXPERIMENT, request(), Instant.parse("2025-05-01T09:30:00Z")),
                new WorkRequested(EXPERIMENT, WorkUnit.score(finetunedSpam, "builtin/spam", 1, 4), 5),
                new ModelFineTuned(EXPERIMENT, finetunedSpam,
                        "file:/var/headcount/artifacts/exp-2025-minilm/finetuned/builtin/spam/checkpoint/", "accuracy",
                        Map.of("accuracy", 0.962, "f1", 0.941), 0.118,
                        new CurveSummary(189, 3, List.of(0.41, 0.17, 0.09), List.of(0.93, 0.955, 0.962), 3, 412.5),
                        Instant.parse("2025-05-01T09:41:12Z")),
                new FineTuneProgress(EXPERIMENT, finetunedSpam, 120, 189, 2, 0.173, 1.4e-5, 96.3),
                new WorkDone(EXPERIMENT, WorkUnit.score(finetunedSpam, "builtin/spam", 1, 4),
                        "scorer-service@scorer-7d9f:1", Instant.parse("2025-05-01T09:41:20Z"),
                        Instant.parse("2025-05-01T09:41:51.250Z"), false),
                new HeadImportanceScored(EXPERIMENT, finetunedSpam, "builtin/spam", 0, 1, 3.25, 512, 0.00635,
                        0.27, 1.4),
                // version 2: where the map is and the digest of its file; the numbers are in the file
                new ImportanceMapCompleted(EXPERIMENT, finetunedSpam, "builtin/spam", Granularity.PER_EXAMPLE, 12, 12,
                        "file:/var/headcount/artifacts/exp-2025-minilm/finetuned/builtin/spam/importance/builtin/spam.json",
                        "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b", provenance()),
                // four dev examples, to show the per-example predictions the report's intervals resample
                new MaskedModelEvaluated(EXPERIMENT, finetunedSpam, SOTU, 0.3, "builtin/spam", "accuracy",
                        Map.of("accuracy", 0.75), 0.151, 4, List.of(new HeadId(1, 0), new HeadId(0, 1)), null,
                        Predictions.of(new dev.headcount.metrics.ExamplePredictions.Classes(new int[]{1, 0, 1, 1},
                                new int[]{1, 0, 0, 1}))),
                new PrunedModelReady(EXPERIMENT, SOTU, 0.3,
                        "file:/var/headcount/artifacts/exp-2025-minilm/pruned/task-builtin/sotu/0.3/checkpoint/",
                        List.of(new HeadId(1, 0), new HeadId(0, 1))),
                new Progress(EXPERIMENT, "scorer-service", Stage.SCORE, "finetuned/builtin/spam", 256, 512,
                        "scoring builtin/spam on finetuned/builtin/spam"),
                new ExperimentCompleted(EXPERIMENT, "file:/var/headcount/artifacts/exp-2025-minilm/report/index.html",
                        Instant.parse("2025-05-01T11:02:45Z")),
                new ExperimentFailed(EXPERIMENT, "ModelFineTuned.variant: 'pretrained' is not a fine-tuned variant",
                        "scorer-service", "ModelFineTuned", "4f0c9c7e-2a53-3b43-9d8c-1f1f6a0d2b11",
                        Instant.parse("2025-05-01T09:42:00Z")));
    }
}
