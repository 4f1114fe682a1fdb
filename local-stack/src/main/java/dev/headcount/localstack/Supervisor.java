package dev.headcount.localstack;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps a set of named processes running while an experiment needs them: a process that exits (whatever its exit
 * code: nothing asked it to stop) is started again with the same command line and environment, after a backoff
 * that doubles with each restart of that process (1 s, 2 s, 4 s, … up to a cap), at most
 * {@link Policy#maxRestarts()} times per process; one more exit and {@link #check()} throws {@link GaveUpException}.
 *
 * <p>Driven by polling ({@link #check()}, e.g. before each progress poll), not by threads of its own: the run already
 * polls every few seconds, a restart a poll late costs nothing against a worker's JVM start, and the whole policy
 * is testable with a fake clock and fake processes. Nothing sleeps here: a restart waits for the first check at or
 * after its due time.
 *
 * <p>A process that runs but says it is not alive ({@link Liveness#DOWN}: Quarkus' {@code /q/health/live}, DOWN when a
 * messaging channel has failed, e.g. after a broker outage longer than the publish timeout) for
 * {@link Policy#livenessGrace()} is killed, and its exit is then restarted like any other: what Kubernetes' liveness
 * probe does for the same services. A process that does not answer (still starting) is left alone.
 *
 * <p>After {@link #stop()} (an orderly shutdown, Ctrl-C) exits are expected and nothing is restarted.
 */
public final class Supervisor {

    /** What is supervised: named processes that can be asked for their exit code and started again. */
    public interface Processes {
        /** The names, in the order they are checked. */
        List<String> names();

        /** The exit code of the named process, or empty while it runs. */
        OptionalInt exitCode(String name);

        /** Starts the named process again, with the command line and environment of its first start. */
        void restart(String name, String reason) throws IOException;

        /** Whether the named running process says it is alive ({@link Liveness#UNKNOWN} where it cannot say). */
        default Liveness liveness(String name) {
            return Liveness.UNKNOWN;
        }

        /** Ends the named process at once (it said it is not alive): its exit is then restarted by the policy. */
        default void kill(String name) {
            throw new UnsupportedOperationException("cannot kill " + name);
        }
    }

    /** What a running process says of itself. */
    public enum Liveness {
        LIVE,
        /** It answered that it is not alive (a failed channel): it will not recover by itself. */
        DOWN,
        /** No answer (starting, busy, no health endpoint): nothing to act on. */
        UNKNOWN
    }

    /** How often a running process is asked whether it is alive. */
    static final Duration LIVENESS_EVERY = Duration.ofSeconds(10);

    /**
     * @param maxRestarts    restarts allowed per process over the whole run (0: none, the first exit ends the run)
     * @param initialBackoff the wait before the first restart of a process; each later one waits twice as long
     * @param maxBackoff     the longest wait
     * @param livenessGrace  how long a process may say it is not alive before it is killed and restarted (the
     *                       default 60 s, like a Kubernetes liveness probe's failure threshold × period)
     */
    public record Policy(int maxRestarts, Duration initialBackoff, Duration maxBackoff, Duration livenessGrace) {
        public static final Duration DEFAULT_LIVENESS_GRACE = Duration.ofSeconds(60);
        public static final Policy DEFAULT = new Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

        public Policy {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must be >= 0, was " + maxRestarts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, was " + initialBackoff
                        + " and " + maxBackoff);
            }
            if (livenessGrace.isNegative()) {
                throw new IllegalArgumentException("livenessGrace must be >= 0, was " + livenessGrace);
            }
        }

        /** With the default liveness grace. */
        public Policy(int maxRestarts, Duration initialBackoff, Duration maxBackoff) {
            this(maxRestarts, initialBackoff, maxBackoff, DEFAULT_LIVENESS_GRACE);
        }

        public static Policy withMaxRestarts(int maxRestarts) {
            return new Policy(maxRestarts, DEFAULT.initialBackoff(), DEFAULT.maxBackoff());
        }

        /** The wait before restart number {@code restart} (1-based) of one process. */
        public Duration backoff(int restart) {
            Duration wait = initialBackoff;
            for (int i = 1; i < restart && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }

    /** A process exited once more than the policy allows; the run cannot go on. */
    public static final class GaveUpException extends IllegalStateException {
        private final String name;
        private final int exitCode;

        GaveUpException(String name, int exitCode, int restarts) {
            super(name + " exited with code " + exitCode + (restarts == 0 ? " (restarts are off)"
                    : " after " + restarts + " restart" + (restarts == 1 ? "" : "s") + ", the most allowed"));
            this.name = name;
            this.exitCode = exitCode;
        }

        public String name() {
            return name;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Processes processes;
    private final Policy policy;
    private final LongSupplier nanoClock;
    private final Consumer<String> messages;
    private final Map<String, Integer> restarts = new HashMap<>();
    /** Exited processes waiting for their restart: name → due time on {@link #nanoClock}. */
    private final Map<String, Long> due = new HashMap<>();
    /** Running processes that said they are not alive: name → when they first said so, on {@link #nanoClock}. */
    private final Map<String, Long> downSince = new HashMap<>();
    /** When each running process was last asked whether it is alive. */
    private final Map<String, Long> asked = new HashMap<>();
    private boolean stopped;

    /**
     * @param nanoClock now, in nanoseconds ({@link System#nanoTime} outside tests)
     * @param messages  each exit and restart, as a line for the progress output
     */
    public Supervisor(Processes processes, Policy policy, LongSupplier nanoClock, Consumer<String> messages) {
        this.processes = processes;
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.messages = messages;
    }

    /**
     * Notices exits (scheduling their restarts) and starts the processes whose backoff has passed.
     *
     * @throws GaveUpException a process exited after its last allowed restart
     * @throws IOException     a process could not be started again (its jar gone, no memory for a new JVM)
     */
    public synchronized void check() throws IOException {
        if (stopped) {
            return;
        }
        long now = nanoClock.getAsLong();
        for (String name : processes.names()) {
            Long when = due.get(name);
            if (when != null) {
                if (now - when >= 0) {
                    due.remove(name);
                    int restart = restarts.get(name);
                    processes.restart(name, "restart " + restart + " of " + policy.maxRestarts());
                    messages.accept(name + " restarted (" + restart + " of " + policy.maxRestarts() + ")");
                }
                continue;
            }
            OptionalInt exit = processes.exitCode(name);
            if (exit.isEmpty()) {
                checkLiveness(name, now);
                continue;
            }
            downSince.remove(name);
            asked.remove(name);
            int done = restarts.getOrDefault(name, 0);
            if (done >= policy.maxRestarts()) {
                stopped = true;
                throw new GaveUpException(name, exit.getAsInt(), done);
            }
            int restart = done + 1;
            restarts.put(name, restart);
            Duration wait = policy.backoff(restart);
            due.put(name, now + wait.toNanos());
            messages.accept(name + " exited with code " + exit.getAsInt() + "; restarting (" + restart + " of "
                    + policy.maxRestarts() + ") in " + seconds(wait));
        }
    }

    /** Asks a running process, at most every {@link #LIVENESS_EVERY}, and kills it once DOWN for the grace. */
    private void checkLiveness(String name, long now) {
        Long last = asked.get(name);
        if (last != null && now - last < LIVENESS_EVERY.toNanos()) {
            return;
        }
        asked.put(name, now);
        if (processes.liveness(name) != Liveness.DOWN) {
            downSince.remove(name);
            return;
        }
        long since = downSince.computeIfAbsent(name, n -> now);
        if (now - since >= policy.livenessGrace().toNanos()) {
            downSince.remove(name);
            messages.accept(name + " has said it is not alive for " + seconds(Duration.ofNanos(now - since))
                    + " (/q/health/live DOWN); killing it to start it again");
            processes.kill(name);
        }
    }

    /** From now on exits are expected (the run is ending or being stopped): nothing more is restarted. */
    public synchronized void stop() {
        stopped = true;
        due.clear();
    }

    /** Restarts so far, per process that had any. */
    public synchronized Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1e3);
    }
}
