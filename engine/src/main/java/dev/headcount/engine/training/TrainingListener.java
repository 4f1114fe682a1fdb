package dev.headcount.engine.training;

/** Receives a fine-tuning run's progress (a progress bar, a progress event publisher). */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = event -> { };

    void onEvent(TrainingEvent event);
}
