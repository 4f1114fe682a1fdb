package dev.headcount.messaging;

import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkRequested;
import dev.headcount.events.WorkUnit;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a GPU worker handles a record of its work topic: one {@link WorkRequested} is one unit of work, run through the
 * shared {@link RecordProcessor} (bounded retries, dead letter and {@code ExperimentFailed}), and followed by a
 * {@link WorkDone} once the broker acknowledged the unit's results, so the report knows which replica did the unit,
 * how long it took and whether it was computed or read back from the store.
 *
 * <p>A record of another type, or a unit of a kind this worker does not do, is refused at once (dead letter): the
 * work topics carry nothing else, so it was published on the wrong topic.
 *
 * <p>Stopping ({@link #stop}, on SIGTERM): no new unit starts; the unit in progress may finish within a deadline
 * (results, {@code WorkDone}, and its record acknowledged, so the consumer's graceful close commits it), or else is
 * handed back: its thread is interrupted, nothing more of it is published, and its record is never acknowledged, so
 * the consumer's close releases its partition with the offset before it and another replica does the unit. A
 * {@link UnitListener} hears when each unit starts and ends (the pod's annotations, {@code dev.headcount.messaging.pod}).
 */
public final class WorkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkRunner.class);

    /** One attempt at one unit: compute it (or read its stored result) and publish and await its results. */
    @FunctionalInterface
    public interface UnitWork {
        /** @return true when the result was already stored and only read back (and republished) */
        boolean run(WorkRequested request) throws Exception;
    }

    /** Hears when a unit starts and when it ends, however it ends; must not throw, and should return quickly. */
    public interface UnitListener {
        UnitListener NONE = new UnitListener() {
            @Override
            public void started(WorkRequested request) {
            }

            @Override
            public void ended(WorkRequested request) {
            }
        };

        void started(WorkRequested request);

        void ended(WorkRequested request);
    }

    /** The unit in progress; its flags are guarded by {@link #lock}. */
    private static final class Current {
        final WorkRequested request;
        final Thread thread;
        /** Its WorkDone is being published: too late to hand it back without publishing it twice. */
        boolean finishing;
        boolean handedBack;

        Current(WorkRequested request, Thread thread) {
            this.request = request;
            this.thread = thread;
        }

        String name() {
            return request.unit().id() + " of " + request.experimentId();
        }
    }

    private final RecordProcessor processor;
    private final Publisher publisher;
    private final Set<WorkUnit.Kind> kinds;
    private final UnitListener listener;
    private final String worker;
    private final Object lock = new Object();
    private Current current;
    private boolean stopping;

    public WorkRunner(RecordProcessor processor, Publisher publisher, Set<WorkUnit.Kind> kinds) {
        this(processor, publisher, kinds, UnitListener.NONE);
    }

    public WorkRunner(RecordProcessor processor, Publisher publisher, Set<WorkUnit.Kind> kinds,
                      UnitListener listener) {
        this.processor = processor;
        this.publisher = publisher;
        this.kinds = EnumSet.copyOf(kinds);
        this.listener = listener;
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

    /**
     * Handles one record; returns once everything it produced (results, {@code WorkDone}) is acknowledged. Once
     * {@link #stop} was called, a record that arrives, and the unit handed back, never return: see
     * {@link #holdUntilExit}.
     */
    public void process(Failures.Origin origin, UnitWork work) {
        try {
            if (isStopping()) {
                throw new UnitHandedBackException("stopping: leaving " + origin.topic() + "[" + origin.partition()
                        + "]@" + origin.offset() + " for another replica");
            }
            processor.process(origin, event -> {
                if (!(event instanceof WorkRequested request)) {
                    throw new IllegalArgumentException(origin.topic() + " carries only WorkRequested records, not "
                            + event.type());
                }
                if (!kinds.contains(request.unit().kind())) {
                    throw new IllegalArgumentException(processor.settings().service() + " does not do "
                            + request.unit().kind().label() + " units (" + request.unit().id() + " arrived on "
                            + origin.topic() + ")");
                }
                run(request, work);
            });
        } catch (UnitHandedBackException e) {
            LOG.info("{}", e.getMessage());
            holdUntilExit(e);
        }
    }

    private void run(WorkRequested request, UnitWork work) throws Exception {
        Current unit = begin(request);
        // which replica took which unit, and when: what a stop or a hand-back is read against
        LOG.info("starting unit {}", unit.name());
        listener.started(request);
        try {
            Instant started = Instant.now();
            boolean reused;
            try {
                reused = work.run(request);
            } catch (Exception e) {
                // the interrupt of a hand-back may surface as any failure: not one to retry or dead-letter
                throw handedBack(unit) ? new UnitHandedBackException("handed back unit " + unit.name()
                        + " stopped: " + Failures.reason(e)) : e;
            }
            if (!finish(unit)) {
                throw new UnitHandedBackException("handed back unit " + unit.name() + " ended after the deadline;"
                        + " its WorkDone is left to the replica that does it again");
            }
            WorkDone done = new WorkDone(request.experimentId(), request.unit(), worker, started, Instant.now(), reused);
            List<CompletableFuture<Void>> sent = List.of(publisher.send(done));
            publisher.await(sent);
        } finally {
            end(unit);
            listener.ended(request);
        }
    }

    /**
     * Stops taking units and waits up to {@code deadline} for the unit in progress, if any; a unit not finished by
     * then is handed back (its thread interrupted, its record never acknowledged). Call it once, before the
     * consumer closes: the consumer's own graceful close then commits what finished and releases the partitions.
     *
     * @return false when a unit was handed back
     */
    public boolean stop(Duration deadline) {
        synchronized (lock) {
            stopping = true;
            Current unit = current;
            if (unit == null) {
                LOG.info("stopping: no unit in progress");
                return true;
            }
            LOG.info("stopping: finishing unit {} (deadline {}s)", unit.name(), seconds(deadline));
            long end = System.nanoTime() + deadline.toNanos();
            boolean interrupted = false;
            while (current == unit && (unit.finishing || System.nanoTime() < end) && !interrupted) {
                try {
                    // past the deadline only while its WorkDone is being published (bounded by the publish timeout)
                    lock.wait(Math.max(1, unit.finishing ? 1000 : (end - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (current != unit) {
                LOG.info("stopping: unit {} finished", unit.name());
            } else {
                unit.handedBack = true;
                LOG.warn("handing back unit {}: not finished within {}s; another replica will do it", unit.name(),
                        seconds(deadline));
                unit.thread.interrupt();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return !unit.handedBack;
        }
    }

    /** Whole seconds, rounded: a deadline measured from the signal is a few microseconds short of the setting. */
    private static long seconds(Duration deadline) {
        return Math.round(deadline.toMillis() / 1000.0);
    }

    /** Whether {@link #stop} was called. */
    public boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    private Current begin(WorkRequested request) {
        synchronized (lock) {
            if (stopping) {
                throw new UnitHandedBackException("stopping: leaving unit " + request.unit().id() + " of "
                        + request.experimentId() + " for another replica");
            }
            current = new Current(request, Thread.currentThread());
            return current;
        }
    }

    /** Claims the unit's WorkDone: false when it was handed back meanwhile. */
    private boolean finish(Current unit) {
        synchronized (lock) {
            unit.finishing = !unit.handedBack;
            return unit.finishing;
        }
    }

    private boolean handedBack(Current unit) {
        synchronized (lock) {
            return unit.handedBack;
        }
    }

    private void end(Current unit) {
        synchronized (lock) {
            if (current == unit) {
                current = null;
            }
            lock.notifyAll();
        }
    }

    /**
     * Keeps a record that must go back to the topic from being settled, until the process exits: acknowledging it
     * would commit its offset, and failing it (a nack) would close the consumer at once, before its graceful close
     * commits the units that finished before. The consumer's close gives up waiting for it (a few seconds), commits
     * the rest and releases the partitions; another interrupt (the process's executors shutting down) ends the wait,
     * and the record fails.
     */
    private static void holdUntilExit(UnitHandedBackException reason) {
        Thread.interrupted(); // the hand-back's own interrupt was for the unit's work, which is over
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw reason;
    }
}
