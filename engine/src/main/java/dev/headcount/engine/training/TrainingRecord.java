package dev.headcount.engine.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.data.Task;
import dev.headcount.engine.pruning.HeadMask;

/**
 * What a fine-tune leaves beside its checkpoint as {@code training.json}: the data sizes, the
 * configuration, every step's loss and every evaluation — the same document whether the command
 * line or the finetune-service trained.
 */
public final class TrainingRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingRecord() {
    }

    public static ObjectNode of(String model, Task data, TrainingConfig config, TrainingResult result, HeadMask mask) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        n.put("task", data.name());
        n.set("config", JSON.valueToTree(config));
        n.put("train_examples", data.train().size());
        n.put("dev_examples", data.dev().size());
        n.put("masked_heads", mask == null ? 0 : mask.silenced().size());
        n.set("step_losses", JSON.valueToTree(result.stepLosses()));
        ArrayNode evaluations = n.putArray("evaluations");
        for (TrainingResult.EvaluationPoint p : result.evaluations()) {
            ObjectNode e = evaluations.addObject();
            e.put("epoch", p.epoch() + 1);
            e.put("step", p.step());
            e.put("loss", p.evaluation().loss());
            p.evaluation().metrics().forEach((metric, value) -> e.put(metric.id(), value));
        }
        n.put("kept_step", result.keptStep());
        n.put("stopped_early", result.stoppedEarly());
        n.put("training_seconds", result.trainingSeconds());
        n.put("examples_per_second", result.examplesPerSecond());
        return n;
    }
}
