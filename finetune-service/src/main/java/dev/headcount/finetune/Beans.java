package dev.headcount.finetune;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.pipeline.FineTuneJob;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The artifact store ({@code headcount.artifact-root}) and the unit of work over it. */
public class Beans {

    @Produces
    @Singleton
    ArtifactStore artifactStore(@ConfigProperty(name = "headcount.artifact-root") String root) {
        return new DirectoryArtifactStore(Path.of(root));
    }

    @Produces
    @Singleton
    FineTuneJob fineTuneJob(ArtifactStore store) {
        return new FineTuneJob(store);
    }
}
