package dev.headcount.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The accepted request of every experiment, kept in the artifact store beside its models. A service
 * that reacts to a later event (a completed map, a fine-tuned model) reads the request from here
 * instead of replaying the experiments topic.
 */
public final class StoredRequests {

    /** The stored request's file name, beside the pre-trained model's artifacts. */
    public static final String FILE = "request.json";

    private StoredRequests() {
    }

    /** Written by whoever accepts the request, before ExperimentRequested is published. */
    public static void store(ArtifactStore store, ExperimentRequested requested) throws IOException {
        store.write(requested.experimentId(), ModelVariant.pretrained(), FILE,
                EventJson.toJson(requested).getBytes(StandardCharsets.UTF_8));
    }

    public static ExperimentRequested load(ArtifactStore store, String experimentId) throws IOException {
        Path file = store.localPath(store.uriOf(experimentId, ModelVariant.pretrained(), FILE));
        if (!Files.isRegularFile(file)) {
            throw new IOException("experiment " + experimentId + " has no stored request (" + file + ")");
        }
        HeadcountEvent event = EventJson.fromJson(Files.readString(file));
        if (!(event instanceof ExperimentRequested requested)) {
            throw new IOException(file + " holds a " + event.getClass().getSimpleName() + ", not ExperimentRequested");
        }
        return requested;
    }

    public static ExperimentPlan plan(ArtifactStore store, String experimentId) throws IOException {
        return ExperimentPlan.of(load(store, experimentId));
    }
}
