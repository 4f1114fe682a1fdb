package dev.headcount.scorer;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.pipeline.Publisher;
import dev.headcount.pipeline.TaskLoading;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The artifact store ({@code headcount.artifact-root}), the task registry of the environment, the publisher. */
public class Artifacts {

    /** DJL must never reach out to the network: offline unless the operator said otherwise. */
    void offline(@Observes StartupEvent start) {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    @Produces
    @Singleton
    ArtifactStore store(@ConfigProperty(name = "headcount.artifact-root") Path root) {
        return new DirectoryArtifactStore(root);
    }

    @Produces
    @Singleton
    TaskLoading tasks() {
        return TaskLoading.fromEnvironment();
    }

    @Produces
    @Singleton
    Publisher publisher(EmitterSink sink, @ConfigProperty(name = "headcount.publish-timeout") Duration timeout) {
        return new Publisher(sink, timeout);
    }
}
