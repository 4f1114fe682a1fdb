package dev.headcount.events;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much data each step uses.
 *
 * @param scoringExamples examples scored per importance map (default 512)
 * @param trainCap        at most this many training examples per fine-tuning (default 2000)
 * @param devCap          at most this many dev examples per evaluation (default 500)
 * @param trainCapByTask  a task's own training cap instead of {@code trainCap} (default none): short-sentence
 *                        tasks cost little per example and may need more of them to be learned at all
 */
public record SampleSizes(Integer scoringExamples, Integer trainCap, Integer devCap,
                          Map<String, Integer> trainCapByTask) {
    public static final SampleSizes DEFAULTS = new SampleSizes(512, 2000, 500);

    public SampleSizes {
        scoringExamples = scoringExamples == null ? Integer.valueOf(512) : scoringExamples;
        trainCap = trainCap == null ? Integer.valueOf(2000) : trainCap;
        devCap = devCap == null ? Integer.valueOf(500) : devCap;
        trainCapByTask = trainCapByTask == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new TreeMap<>(trainCapByTask));
    }

    public SampleSizes(Integer scoringExamples, Integer trainCap, Integer devCap) {
        this(scoringExamples, trainCap, devCap, null);
    }

    /**
     * The training cap of one task: its own, else {@code trainCap}. The finetuner and the pruner load a task with
     * the same cap, so the pruner's dev examples are the fine-tuned model's (the report pairs them).
     */
    public int trainCapOf(String task) {
        return trainCapByTask.getOrDefault(task, trainCap);
    }

    void check(List<String> problems, List<String> taskNames) {
        positive(problems, "samples.scoringExamples", scoringExamples);
        positive(problems, "samples.trainCap", trainCap);
        positive(problems, "samples.devCap", devCap);
        trainCapByTask.forEach((task, cap) -> {
            if (cap == null || cap <= 0) {
                problems.add("samples.trainCapByTask." + task + " must be > 0, was " + cap);
            } else if (!taskNames.contains(task)) {
                problems.add("samples.trainCapByTask names " + task + ", which is not a task of this request "
                        + taskNames);
            }
        });
    }

    private static void positive(List<String> problems, String field, int value) {
        if (value <= 0) {
            problems.add(field + " must be > 0, was " + value);
        }
    }
}
