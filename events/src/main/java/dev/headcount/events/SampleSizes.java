package dev.headcount.events;

import java.util.List;

/**
 * How much data each step uses.
 *
 * @param scoringExamples examples scored per importance map (default 512)
 * @param trainCap        at most this many training examples per fine-tuning (default 2000)
 * @param devCap          at most this many dev examples per evaluation (default 500)
 */
public record SampleSizes(Integer scoringExamples, Integer trainCap, Integer devCap) {
    public static final SampleSizes DEFAULTS = new SampleSizes(512, 2000, 500);

    public SampleSizes {
        scoringExamples = scoringExamples == null ? Integer.valueOf(512) : scoringExamples;
        trainCap = trainCap == null ? Integer.valueOf(2000) : trainCap;
        devCap = devCap == null ? Integer.valueOf(500) : devCap;
    }

    void check(List<String> problems) {
        positive(problems, "samples.scoringExamples", scoringExamples);
        positive(problems, "samples.trainCap", trainCap);
        positive(problems, "samples.devCap", devCap);
    }

    private static void positive(List<String> problems, String field, int value) {
        if (value <= 0) {
            problems.add(field + " must be > 0, was " + value);
        }
    }
}
