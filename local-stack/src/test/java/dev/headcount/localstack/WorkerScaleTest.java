package dev.headcount.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerScaleTest {

    @Test
    void workersWaitPassivelyUnlessTheUserChoseAPolicy() {
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE"), WorkerScale.ONE.environment(Map.of()));
        // the user's own policy is inherited by the worker processes, so it is not overridden
        assertFalse(WorkerScale.ONE.environment(Map.of("OMP_WAIT_POLICY", "ACTIVE")).containsKey("OMP_WAIT_POLICY"));
    }

    @Test
    void threadsSetPyTorchOpenMpAndMkl() {
        WorkerScale scale = new WorkerScale(2, 1);
        assertEquals(List.of("-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"),
                scale.javaOptions());
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE", "OMP_NUM_THREADS", "1", "MKL_NUM_THREADS", "1"),
                scale.environment(Map.of()));
        assertEquals(List.of(), WorkerScale.ONE.javaOptions());
    }

    @Test
    void replicasBeyondThePartitionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerScale(13, 0));
        assertThrows(IllegalArgumentException.class, () -> new WorkerScale(1, -1));
    }
}
