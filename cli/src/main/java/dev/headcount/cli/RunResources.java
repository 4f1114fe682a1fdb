package dev.headcount.cli;

import dev.headcount.localstack.LocalStack;
import dev.headcount.localstack.ServiceProcesses;
import dev.headcount.localstack.Supervisor;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * What {@code headcount run} starts (the local stack, the service processes), stopped exactly once: at the end
 * of the run, or by the shutdown hook on Ctrl-C, whichever comes first; the other waits for it to finish.
 *
 * <p>Starting happens under the same lock, so a Ctrl-C while a start is under way waits for it and then stops
 * what it started, instead of the JVM exiting with child processes it never learnt about. A second Ctrl-C
 * does not cut the hook short: the JVM runs its shutdown hooks once and further exit requests wait for them.
 */
final class RunResources implements AutoCloseable {

    private final PrintStream log;
    private LocalStack stack;
    private ServiceProcesses services;
    private Supervisor supervisor;
    private boolean closed;
    private volatile boolean stopping;

    RunResources(PrintStream log) {
        this.log = log;
    }

    /** Registers the hook that stops everything when the JVM is asked to exit (Ctrl-C, SIGTERM). */
    Thread addShutdownHook() {
        Thread hook = new Thread(() -> {
            if (!isClosed()) {
                stopping = true;
                log.println();
                log.println("headcount: stopping the services" + (hasStack() ? " and the stack" : "") + " ...");
                close();
                log.println("headcount: stopped");
            }
        }, "headcount-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    synchronized LocalStack startStack(Callable<LocalStack> start) throws Exception {
        checkOpen();
        stack = start.call();
        return stack;
    }

    synchronized ServiceProcesses startServices(Callable<ServiceProcesses> start) throws Exception {
        checkOpen();
        services = start.call();
        return services;
    }

    /** The supervisor of the services: stopped before they are, so that their exits are not taken for deaths. */
    synchronized Supervisor supervise(Supervisor supervisor) {
        checkOpen();
        this.supervisor = supervisor;
        return supervisor;
    }

    /** True once stopping began (the run should end quietly rather than report services going away). */
    boolean stopping() {
        return stopping;
    }

    private synchronized boolean hasStack() {
        return stack != null;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new CancellationException("stopped");
        }
    }

    /**
     * Stops the supervisor (nothing restarts from now on), the services (SIGTERM, then kill; their child processes
     * too), then MongoDB and Kafka.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        if (supervisor != null) {
            supervisor.stop();
        }
        try {
            if (services != null) {
                services.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
