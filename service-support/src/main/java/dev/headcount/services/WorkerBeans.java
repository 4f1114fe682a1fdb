package dev.headcount.services;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.pipeline.TaskLoading;
import dev.headcount.pipeline.cache.WorkerCache;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every GPU worker service needs, from its configuration:
 * <ul>
 *   <li>{@code headcount.artifact-root} (env {@code HEADCOUNT_ARTIFACT_ROOT}): the {@link ArtifactStore};</li>
 *   <li>the task registry of the environment ({@code headcount.data.dir}, {@code HEADCOUNT_TASKS});</li>
 *   <li>{@code headcount.cache.models} and {@code headcount.cache.data-sets} (defaults 2 and 16; 0 keeps nothing):
 *       the process's {@link WorkerCache}, shared by all its jobs, of the models, tasks and batch lists its units
 *       load.</li>
 * </ul>
 * The publisher and the record processor ({@code headcount.records.*}) come from {@code dev.headcount.messaging.quarkus},
 * shared with the DJL-free report-service.
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
    WorkerCache cache(@ConfigProperty(name = "headcount.cache.models", defaultValue = "2") int models,
                      @ConfigProperty(name = "headcount.cache.data-sets", defaultValue = "16") int dataSets) {
        return new WorkerCache(new WorkerCache.Limits(models, dataSets));
    }

    /** The kept models' native memory is freed when the service stops. */
    void close(@Disposes WorkerCache cache) {
        cache.close();
    }
}
