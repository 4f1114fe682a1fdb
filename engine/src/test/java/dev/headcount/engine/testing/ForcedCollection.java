package dev.headcount.engine.testing;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;

/**
 * A full garbage collection whose reference processing has run: direct buffers that became
 * unreachable are freed (their cleaners run on the reference-handler thread) before this returns.
 * Used as {@code Autograd.runBeforeBackward(ForcedCollection::now)} to collect inside the
 * forward→backward window, where DJL's scalar wrappers used to be freed while autograd still needed
 * them.
 */
public final class ForcedCollection {

    private ForcedCollection() {
    }

    public static void now() {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
            System.gc();
            try {
                // the sentinel is processed with the cleaners discovered by the same collection
                queue.remove(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Reference.reachabilityFence(sentinel);
        }
    }
}
