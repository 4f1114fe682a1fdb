package dev.headcount.report;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in the service's tests for something the service does asynchronously (a record consumed, a document). */
final class Await {
    /** How long a test waits for the service: minutes of margin over what a loaded CI machine needs. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Await() {
    }

    /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what} after {@link #PATIENCE}. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
