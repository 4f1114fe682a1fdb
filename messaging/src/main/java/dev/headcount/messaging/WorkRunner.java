package dev.headcount.messaging;

import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.List;

/**
 * How a GPU worker handles a record of its work topic: one {@link WorkRequested} is one unit of work, run through the
 * shared {@link RecordProcessor} (bounded retries, dead letter and {@code ExperimentFailed}), and followed by a
 * {@link WorkDone} once the broker acknowledged the unit's results, so the report knows which replica did the unit,
 * how long it took and whether it was computed or read back from the store.
 *
 * <p>A record of another type, or a unit of a kind this worker does not do, is refused at once (dead letter): the
 * work topics carry nothing else, so it was published on the wrong topic.
 */
public final class WorkRunner {

    /** One attempt at one unit: compute it (or read its stored result) and publish and await its results. */
    @FunctionalInterface
    public interface UnitWork {
        /** @return true when the result was already stored and only read back (and republished) */
        boolean run(WorkRequested request) throws Exception;
    }

    private final RecordProcessor processor;
    private final Publisher publisher;
    private final Set<WorkUnit.Kind> kinds;
    private final String worker;

    public WorkRunner(RecordProcessor processor, Publisher publisher, Set<WorkUnit.Kind> kinds) {
        this.processor = processor;
        this.publisher = publisher;
        this.kinds = EnumSet.copyOf(kinds);
        this.worker = workerName(processor.settings().service());
    }

    /** {@code <service>@<host>:<pid>}: one replica, stable for the life of the process. */
    public static String workerName(String service) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return service + "@" + host + ":" + ProcessHandle.current().pid();
    }

    public String worker() {
        return worker;
    }

    /** Handles one record; returns once everything it produced (results, {@code WorkDone}) is acknowledged. */
    public void process(Failures.Origin origin, UnitWork work) {
        processor.process(origin, (event, units) -> {
            if (!(event instanceof WorkRequested request)) {
                throw new IllegalArgumentException(origin.topic() + " carries only WorkRequested records, not "
                        + event.type());
            }
            if (!kinds.contains(request.unit().kind())) {
                throw new IllegalArgumentException(processor.settings().service() + " does not do " + request.unit().kind()
                        .label() + " units (" + request.unit().id() + " arrived on " + origin.topic() + ")");
            }
            Instant started = Instant.now();
            boolean reused = work.run(request);
            WorkDone done = new WorkDone(request.experimentId(), request.unit(), worker, started, Instant.now(), reused);
            List<CompletableFuture<Void>> sent = List.of(publisher.send(done));
            publisher.await(sent);
        });
    }
}
