package dev.headcount.localstack;

import dev.headcount.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the GPU workers (scorer, pruner, finetune) run on this machine: {@code replicas} processes of each kind, each
 * computing with {@code threads} threads.
 *
 * @param replicas processes per worker kind, in [1, {@link Topics#WORK_PARTITIONS}]: a consumer group hands each
 *                 partition to one member, so replicas beyond the partitions would sit idle
 * @param threads  compute threads per worker process, or 0 for the engine's default (PyTorch: one per core, which
 *                 oversubscribes the cores as soon as two workers compute at once)
 */
public record WorkerScale(int replicas, int threads) {
    /** One process per kind, the engine's own thread count: how the services ran before replicas. */
    public static final WorkerScale ONE = new WorkerScale(1, 0);

    private static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    public WorkerScale {
        if (replicas < 1 || replicas > Topics.WORK_PARTITIONS) {
            throw new IllegalArgumentException("replicas must be in [1, " + Topics.WORK_PARTITIONS
                    + "] (the partitions of a work topic), was " + replicas);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 1 (or 0 for the engine's default), was " + threads);
        }
    }

    /**
     * JVM options that set the thread count: DJL's PyTorch engine reads these system properties once, when it loads
     * (intra-op threads, which do the tensor arithmetic, and inter-op threads, which run independent operations side by
     * side); empty for the default.
     */
    public List<String> javaOptions() {
        List<String> options = new ArrayList<>();
        if (threads > 0) {
            options.add("-Dai.djl.pytorch.num_threads=" + threads);
            options.add("-Dai.djl.pytorch.num_interop_threads=" + threads);
        }
        return options;
    }

    /**
     * Environment that sets the thread count for the native libraries that read it rather than PyTorch's setting
     * (OpenMP and MKL, whose pools PyTorch's CPU kernels may use), and OpenMP's wait policy.
     *
     * <p>{@code OMP_WAIT_POLICY=PASSIVE} unless this process's environment sets a policy (the workers inherit it):
     * the worker processes share the machine's cores, and GNU OpenMP's threads otherwise spin after each parallel
     * region, burning the core another worker is waiting for. It changes no number (the same threads do the same
     * arithmetic); on 2 cores it halved the quick preset's experiment through the services (README, Scaling out).
     */
    public Map<String, String> environment() {
        return environment(System.getenv());
    }

    /** {@link #environment()} for a given parent environment. */
    Map<String, String> environment(Map<String, String> parent) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!parent.containsKey(OMP_WAIT_POLICY)) {
            env.put(OMP_WAIT_POLICY, "PASSIVE");
        }
        if (threads > 0) {
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            env.put("MKL_NUM_THREADS", Integer.toString(threads));
        }
        return env;
    }
}
