package dev.headcount.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.TokenBatch;

/**
 * The standard benchmark's importance-scoring step (docs/benchmarks.md): gates of ones requiring gradient,
 * encoder forward, loss = batch mean of the squared L2 norm of the first token's final hidden state,
 * backward, read the gate gradient.
 */
final class ScoringStep {

    private ScoringStep() {
    }

    static float[] run(EncoderModel model, TokenBatch batch) {
        int passes = model.config().numLayers();
        int heads = model.config().numHeads();
        try (NDManager m = model.newBatchManager()) {
            NDArray gates = m.ones(new Shape(1, passes, heads));
            gates.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray hidden = model.encode(m, batch, gates, ForwardOptions.evaluation()).lastHiddenState();
                NDArray loss = hidden.get(new NDIndex(":, 0, :")).square().sum(new int[] {1}).mean();
                Autograd.backward(collector, loss, "benchmark loss");
            }
            return gates.getGradient().toFloatArray();
        }
    }

    /** Inference only: the encoder forward without gradient. */
    static void infer(EncoderModel model, TokenBatch batch) {
        try (NDManager m = model.newBatchManager(); var off = Autograd.noGrad()) {
            model.encode(m, batch, null, ForwardOptions.evaluation()).lastHiddenState().toFloatArray();
        }
    }

    /**
     * An evaluation forward pass with recording on or off, as a worker thread ran it; returns how much
     * resident memory grew while the batch's arrays were alive (MiB).
     */
    static double inferRecording(EncoderModel model, TokenBatch batch, boolean recording) {
        try (var mode = Autograd.recording(recording); NDManager m = model.newBatchManager()) {
            double before = MachineLoad.residentMiB();
            model.encode(m, batch, null, ForwardOptions.evaluation()).lastHiddenState().toFloatArray();
            return MachineLoad.residentMiB() - before;
        }
    }

    static void weightGradients(EncoderModel model, boolean on) {
        model.parameters().asMap().values().forEach(p -> p.setRequiresGradient(on));
    }
}
