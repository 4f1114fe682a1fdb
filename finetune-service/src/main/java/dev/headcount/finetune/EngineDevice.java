package dev.headcount.finetune;

import dev.headcount.pipeline.ComputeDevice;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** At start-up: the device PyTorch computes on, or no start where a GPU is required and absent ({@link ComputeDevice}). */
@ApplicationScoped
public class EngineDevice {
    private static final Logger LOG = Logger.getLogger(EngineDevice.class);

    void report(@Observes StartupEvent start,
                @ConfigProperty(name = "headcount.require-gpu", defaultValue = "false") boolean requireGpu) {
        try {
            LOG.info(ComputeDevice.atStartup(requireGpu));
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }
}
