package dev.headcount.report.dashboard;

import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.report.ExperimentService;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress and FineTuneProgress events as the dashboard's progress lines, from a live event or from a stored
 * progress document alike: {@code type, stage, service, subject, done, total, message}, and for a fine-tuning
 * step also {@code variant, step, totalSteps, epoch, loss, learningRate, examplesPerSecond}. The training loss
 * is FineTuneProgress's own numeric {@code loss} field (the running mean since the previous report), so nothing
 * is parsed out of messages. Non-finite numbers become {@code null}.
 */
public final class ProgressLines {
    public static final String FINE_TUNE_PROGRESS = "FineTuneProgress";

    private ProgressLines() {
    }

    /** The line of a live event, or {@code null} when it is not a progress event. */
    public static Map<String, Object> of(HeadcountEvent event) {
        if (event instanceof Progress p) {
            return line("Progress", ExperimentService.stageName(p.stage()), p.service(), p.subject(), p.done(),
                    p.total(), p.message());
        }
        if (event instanceof FineTuneProgress f) {
            // the stage ExperimentService files it under
            Stage stage = f.variant().isPruned() ? Stage.PRUNED_FINETUNE : Stage.FINETUNE;
            Map<String, Object> line = line(FINE_TUNE_PROGRESS, ExperimentService.stageName(stage), null,
                    f.variant().name(), (long) f.step(), (long) f.totalSteps(), null);
            return withTraining(line, f.variant().name(), (long) f.step(), (long) f.totalSteps(), (long) f.epoch(),
                    finite(f.loss()),
                    finite(f.learningRate()), finite(f.examplesPerSecond()));
        }
        return null;
    }

    /** The line of a document of the {@code progress} collection (or an experiment's latest progress of a stage). */
    public static Map<String, Object> ofStored(Document doc) {
        String type = doc.getString("type");
        Map<String, Object> line = line(type, doc.getString("stage"), doc.getString("service"), doc.getString("subject"),
                longOf(doc.get("done")), longOf(doc.get("total")), doc.getString("message"));
        if (FINE_TUNE_PROGRESS.equals(type)) {
            withTraining(line, doc.getString("variant"), longOf(doc.get("step")), longOf(doc.get("totalSteps")),
                    longOf(doc.get("epoch")), doubleOf(doc.get("loss")), doubleOf(doc.get("learningRate")),
                    doubleOf(doc.get("examplesPerSecond")));
        }
        return line;
    }

    private static Map<String, Object> line(String type, String stage, String service, String subject, Long done,
                                            Long total, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("stage", stage);
        line.put("service", service);
        line.put("subject", subject);
        line.put("done", done);
        line.put("total", total);
        line.put("message", message);
        return line;
    }

    private static Map<String, Object> withTraining(Map<String, Object> line, String variant, Long step, Long totalSteps,
                                                    Long epoch, Double loss, Double learningRate, Double examplesPerSecond) {
        line.put("variant", variant);
        line.put("step", step);
        line.put("totalSteps", totalSteps);
        line.put("epoch", epoch);
        line.put("loss", loss);
        line.put("learningRate", learningRate);
        line.put("examplesPerSecond", examplesPerSecond);
        if (line.get("message") == null) {
            line.put("message", String.format(Locale.ROOT, "epoch %s, step %s of %s, loss %s", epoch, step, totalSteps,
                    loss == null ? "n/a" : String.format(Locale.ROOT, "%.4f", loss)));
        }
        return line;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Long longOf(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static Double doubleOf(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
