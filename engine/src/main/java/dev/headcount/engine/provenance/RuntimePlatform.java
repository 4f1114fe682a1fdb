package dev.headcount.engine.provenance;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Where numbers are computed: DJL's and PyTorch's versions, the device of the manager that held the tensors,
 * PyTorch's intra-op threads (reductions are summed in a thread-dependent order, so bit-identical results need
 * the same count), the JVM and the operating system.
 */
public record RuntimePlatform(String djl, String pytorch, String device, int threads, String java, String os) {

    public static RuntimePlatform of(NDManager manager) {
        Engine engine = Engine.getEngine("PyTorch");
        return new RuntimePlatform(Engine.getDjlVersion(), engine.getVersion(), manager.getDevice().toString(),
                JniUtils.getNumThreads(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
}
