package dev.headcount.events;

import java.net.URI;

/**
 * Where each stage puts what the next one reads, so writers and readers never disagree on a name.
 * Every model variant's checkpoint is a Hugging Face directory named {@value #MODEL}; the importance
 * map of a task scored on a variant is a JSON file named after the task.
 */
public final class ArtifactLayout {

    public static final String MODEL = "model";

    private ArtifactLayout() {
    }

    /** The checkpoint directory of a variant (not used for {@code pretrained}, which is the request's model). */
    public static URI model(ArtifactStore store, String experimentId, ModelVariant variant) {
        return store.uriOf(experimentId, variant, MODEL);
    }

    /** The importance map of {@code task} scored on {@code variant}. */
    public static URI importanceMap(ArtifactStore store, String experimentId, ModelVariant variant, String task) {
        return store.uriOf(experimentId, variant, importanceMapName(task));
    }

    public static String importanceMapName(String task) {
        return "importance-" + task.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }
}
