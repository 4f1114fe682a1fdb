package dev.headcount.services;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.pipeline.Publisher;
import dev.headcount.pipeline.RecordProcessor;
import dev.headcount.pipeline.TaskLoading;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every GPU worker service needs, from its configuration:
 * <ul>
 *   <li>{@code headcount.artifact-root} (env {@code HEADCOUNT_ARTIFACT_ROOT}): the {@link ArtifactStore};</li>
 *   <li>the task registry of the environment ({@code headcount.data.dir}, {@code HEADCOUNT_TASKS});</li>
 *   <li>{@code headcount.publish-timeout}: how long the {@link Publisher} waits for the broker;</li>
 *   <li>{@code headcount.worker.max-attempts}, {@code headcount.worker.retry-delay} and
 *       {@code quarkus.application.name} (the service name in dead letters and failures): the
 *       {@link RecordProcessor}.</li>
 * </ul>
 */
@ApplicationScoped
public class WorkerBeans {

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
    Publisher publisher(EmitterSink sink,
                        @ConfigProperty(name = "headcount.publish-timeout", defaultValue = "PT60S") Duration timeout) {
        return new Publisher(sink, timeout);
    }

    @Produces
    @Singleton
    RecordProcessor processor(Publisher publisher,
                              @ConfigProperty(name = "quarkus.application.name") String service,
                              @ConfigProperty(name = "headcount.worker.max-attempts", defaultValue = "2") int attempts,
                              @ConfigProperty(name = "headcount.worker.retry-delay", defaultValue = "PT2S") Duration delay) {
        return new RecordProcessor(service, publisher, attempts, delay);
    }
}
