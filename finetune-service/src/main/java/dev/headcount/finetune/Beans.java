package dev.headcount.finetune;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.pipeline.FineTuneJob;
import dev.headcount.services.WorkRunners;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The unit of work over the artifact store, and the work-topic path that does only fine-tunes. The store itself, the
 * engine's device and the offline switch are service-support's ({@code WorkerBeans}, {@code EngineDevice}); the
 * publisher and the record path are messaging's.
 */
public class Beans {

    @Produces
    @Singleton
    FineTuneJob fineTuneJob(ArtifactStore store) {
        return new FineTuneJob(store);
    }

    /** Any other kind on {@code headcount.finetune-jobs} was published on the wrong topic: refused, dead-lettered. */
    @Produces
    @Singleton
    WorkRunner workRunner(WorkRunners runners) {
        return runners.create(Set.of(WorkUnit.Kind.FINETUNE));
    }
}
