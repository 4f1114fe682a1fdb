package dev.headcount.events;

/**
 * How far a service is with a stage of an experiment, for dashboards and progress bars.
 *
 * @param service e.g. {@code scorer-service}
 * @param subject what the count is about, e.g. {@code finetuned/builtin/spam} or a task; may be {@code null}
 * @param done    units done so far
 * @param total   units in all (0 when unknown)
 * @param message a short human-readable line; may be {@code null}
 */
public record Progress(String experimentId, String service, Stage stage, String subject, long done, long total,
                       String message) implements HeadcountEvent {
    private static final String TYPE = "Progress";

    public Progress {
        RequiredFields.experimentId(TYPE, experimentId);
        RequiredFields.text(TYPE, "service", service);
        RequiredFields.present(TYPE, "stage", stage);
        RequiredFields.nonNegative(TYPE, "done", done);
        RequiredFields.nonNegative(TYPE, "total", total);
    }

    @Override
    public String eventId() {
        return EventIds.of(TYPE, experimentId, service, stage, subject, done);
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
