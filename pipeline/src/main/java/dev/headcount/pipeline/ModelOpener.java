package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelDirectory;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ModelVariant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the model of a variant of an experiment: {@code pretrained} is the request's model (a built-in name or a
 * directory, through {@link ModelSource}); every other variant is its checkpoint directory in the artifact store
 * ({@link ArtifactLayout#model}), written by the service that made it.
 */
public final class ModelOpener {

    private final ArtifactStore store;

    public ModelOpener(ArtifactStore store) {
        this.store = store;
    }

    /** What {@link ModelSource} opens: the request's model for {@code pretrained}, else the checkpoint directory. */
    public String location(ExperimentPlan plan, ModelVariant variant) {
        if (variant.equals(ModelVariant.pretrained())) {
            return plan.request().model();
        }
        return store.localPath(ArtifactLayout.model(store, plan.experimentId(), variant)).toString();
    }

    public EncoderModel open(ExperimentPlan plan, ModelVariant variant, NDManager manager) throws IOException {
        return openLocation(location(plan, variant), manager);
    }

    /** Opens a built-in name, a directory, or a {@code file:} URI of this store (as events carry them). */
    public EncoderModel openLocation(String location, NDManager manager) throws IOException {
        return ModelDirectory.load(directory(location), manager);
    }

    /** The directory behind a built-in name (converted on first use), a directory, or a {@code file:} URI of this store. */
    public Path directory(String location) throws IOException {
        if (location.startsWith("file:")) {
            Path dir = store.localPath(URI.create(location));
            if (!Files.isDirectory(dir)) {
                throw new IOException("model " + location + " does not exist");
            }
            return dir;
        }
        return ModelSource.resolve(location);
    }
}
