package dev.headcount.finetune;

import dev.headcount.events.ArtifactStore;
import dev.headcount.pipeline.FineTuneJob;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The unit of work over the artifact store. The store itself, the engine's device and the offline switch are
 * service-support's ({@code WorkerBeans}, {@code EngineDevice}); the publisher and the record path are messaging's.
 */
public class Beans {

    @Produces
    @Singleton
    FineTuneJob fineTuneJob(ArtifactStore store) {
        return new FineTuneJob(store);
    }
}
