package dev.headcount.events;

/**
 * One logged step of a fine-tuning run (sent every few steps, not every step).
 *
 * @param totalSteps         steps the run will take
 * @param epoch              current epoch, from 1
 * @param loss               training loss (running mean since the last report)
 * @param learningRate       learning rate at this step
 * @param examplesPerSecond  throughput since the last report
 */
public record FineTuneProgress(String experimentId, ModelVariant variant, int step, int totalSteps, int epoch,
                               double loss, double learningRate, double examplesPerSecond)
        implements HeadcountEvent {
    private static final String TYPE = "FineTuneProgress";

    public FineTuneProgress {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.present(TYPE, "variant", variant);
        RequiredFields.nonNegative(TYPE, "step", step);
        RequiredFields.nonNegative(TYPE, "totalSteps", totalSteps);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, variant, step);
    }

    @Override
    public String key() {
        return experimentId;
    }

    @Override
    public String topic() {
        return Topics.PROGRESS;
    }
}
