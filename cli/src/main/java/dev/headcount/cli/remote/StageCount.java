package dev.headcount.cli.remote;

/**
 * Units of one stage done out of those expected, and how far the unit in hand is.
 *
 * @param partial fraction (0 to 1) of the next unit already done, from the latest progress event; 0 when unknown
 * @param started whether any unit is done or a service has reported progress on this stage
 */
public record StageCount(PipelineStage stage, long done, long expected, double partial, boolean started) {

    public StageCount {
        partial = done >= expected || !(partial > 0) ? 0 : Math.min(partial, 0.99);
        started = started || done > 0;
    }

    /** Done units plus the fraction of the unit in hand: what bars and rates are computed from. */
    public double effectiveDone() {
        return Math.min(expected, done + partial);
    }

    public boolean complete() {
        return done >= expected;
    }

    /** Percent of the stage, 0 to 100 (100 for a stage that expects nothing). */
    public double percent() {
        return expected == 0 ? 100 : 100 * effectiveDone() / expected;
    }
}
