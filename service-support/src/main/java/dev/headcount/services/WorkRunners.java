package dev.headcount.services;

import dev.headcount.events.WorkUnit;
import dev.headcount.messaging.Publisher;
import dev.headcount.messaging.RecordProcessor;
import dev.headcount.messaging.WorkRunner;
import dev.headcount.messaging.pod.PodAnnotator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The GPU worker's {@link WorkRunner}s, made here so that every one of them marks the pod busy while a unit runs
 * ({@link PodAnnotator}) and stops gracefully:
 * <ul>
 *   <li>{@code headcount.worker.stop-deadline} (env {@code HEADCOUNT_WORKER_STOP_DEADLINE}): on SIGTERM the unit in
 *       progress gets this long to finish (results, {@code WorkDone}, offset committed by the consumer's graceful
 *       close); after that it is handed back to another replica. Keep it under the pod's grace period, less the
 *       {@code preStop} pause and the consumer's close (about 10 s);</li>
 *   <li>{@code headcount.pod.api-url} (optional): the Kubernetes API server; by default the in-cluster one
 *       ({@code KUBERNETES_SERVICE_HOST}/{@code PORT}), with the pod's {@code POD_NAME}/{@code POD_NAMESPACE} and
 *       its service account's token and CA.</li>
 * </ul>
 * The stop runs on {@link ShutdownEvent}, which Quarkus fires before it destroys the beans: the Kafka consumer and
 * producer are still open while the unit finishes, and their graceful close comes after it.
 *
 * <p>SIGTERM asks Quarkus for an orderly exit with status 0 ({@link Quarkus#asyncExit(int)}) instead of the JVM's
 * default, which runs the same shutdown but ends with 143 (128 + SIGTERM): a worker that stopped as asked, its unit
 * finished or handed back, did not fail, and its pod and the local supervisor should not say it did.
 */
@ApplicationScoped
public class WorkRunners {
    private static final Logger LOG = Logger.getLogger(WorkRunners.class);

    @Inject
    RecordProcessor processor;
    @Inject
    Publisher publisher;
    @ConfigProperty(name = "headcount.worker.stop-deadline", defaultValue = "PT5S")
    Duration stopDeadline;
    @ConfigProperty(name = "headcount.pod.api-url")
    Optional<URI> api;

    private PodAnnotator pod;
    private final List<WorkRunner> runners = new CopyOnWriteArrayList<>();

    @PostConstruct
    void init() {
        if (stopDeadline.isNegative()) {
            throw new IllegalArgumentException("headcount.worker.stop-deadline must be a duration >= 0, was "
                    + stopDeadline);
        }
        pod = PodAnnotator.fromEnvironment(System.getenv(), PodAnnotator.SERVICE_ACCOUNT, api.orElse(null));
        // before the first unit: a container restarted mid-unit left its pod marked busy
        pod.idle();
    }

    void exitZeroOnSigterm(@Observes StartupEvent event) {
        try {
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // e.g. -Xrs: the JVM's own handling stays, the same shutdown with status 143
            LOG.warnf("SIGTERM stays the JVM's (exit status 143 after the shutdown): %s", e);
        }
    }

    /** A runner for the units of {@code kinds}, stopped with the others on shutdown. */
    public WorkRunner create(Set<WorkUnit.Kind> kinds) {
        WorkRunner runner = new WorkRunner(processor, publisher, kinds, pod);
        runners.add(runner);
        return runner;
    }

    /** First among the shutdown observers: the rest of the shutdown (the consumers' close) waits for the units. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        long deadline = System.nanoTime() + stopDeadline.toNanos();
        for (WorkRunner runner : runners) {
            runner.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }
}
