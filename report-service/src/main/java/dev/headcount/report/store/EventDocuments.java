package dev.headcount.report.store;

import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.PrunedModelReady;
import dev.headcount.events.WorkDone;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Result documents are the events as their JSON says (so the schema is the event contract's), under a
 * natural-key {@code _id}, plus a few derived fields that make queries and dashboards simple. Reading a
 * document back gives the event again ({@link EventJson} ignores the extra fields and re-checks the id).
 */
public final class EventDocuments {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private EventDocuments() {
    }

    /**
     * {@code importance}: the map event with its matrices (a version-2 event's read from its file first), plus
     * {@code layers}, {@code heads} and {@code meanImportance} (rawSums / counts).
     */
    public static Document importance(ImportanceMapCompleted map) {
        if (!map.carriesMatrices()) {
            throw new IllegalArgumentException("the map of " + map.task() + " on " + map.variant()
                    + " is stored with its matrices: read them from " + map.artifactUri() + " first");
        }
        Document doc = of(DocumentIds.map(map.experimentId(), map.variant(), map.task()), map);
        List<List<Double>> mean = new ArrayList<>();
        for (int layer = 0; layer < map.layers(); layer++) {
            List<Double> row = new ArrayList<>();
            for (int head = 0; head < map.heads(); head++) {
                long count = map.counts().get(layer).get(head);
                row.add(count == 0 ? 0.0 : map.rawSums().get(layer).get(head) / count);
            }
            mean.add(row);
        }
        return doc.append("layers", map.layers()).append("heads", map.heads()).append("meanImportance", mean);
    }

    /** {@code evaluations}: the event, plus {@code value} (the primary metric) and {@code headsRemovedCount}. */
    public static Document evaluation(MaskedModelEvaluated evaluation) {
        return of(DocumentIds.evaluation(evaluation.experimentId(), evaluation.baseVariant(), evaluation.ranking(),
                evaluation.fraction(), evaluation.evaluatedTask()), evaluation)
                .append("value", evaluation.metrics().get(evaluation.primaryMetric()))
                .append("headsRemovedCount", evaluation.headsRemoved().size());
    }

    /** {@code finetunes}: the event, plus {@code task}, {@code kind} and {@code value} (the primary dev metric). */
    public static Document fineTune(ModelFineTuned fineTuned) {
        return of(DocumentIds.fineTune(fineTuned.experimentId(), fineTuned.variant()), fineTuned)
                .append("task", fineTuned.task())
                .append("kind", fineTuned.variant().kind().prefix())
                .append("value", fineTuned.devMetrics().get(fineTuned.primaryMetric()));
    }

    /** {@code prunedModels}: the event, plus {@code variant} and {@code prunedHeadsCount}. */
    public static Document prunedModel(PrunedModelReady pruned) {
        return of(DocumentIds.prunedModel(pruned.experimentId(), pruned.variant()), pruned)
                .append("variant", pruned.variant().name())
                .append("prunedHeadsCount", pruned.prunedHeads().size());
    }

    /**
     * {@code units}: the WorkDone event under its own id (one handling of one unit by one replica: a redelivered
     * record handled again is a second document), plus {@code unitId}, {@code kind} and {@code seconds}.
     */
    public static Document workDone(WorkDone done) {
        return of(done.eventId(), done)
                .append("unitId", done.unit().id())
                .append("kind", done.unit().kind().label())
                .append("seconds", done.seconds());
    }

    /** The event's JSON as a document, {@code _id} first. */
    public static Document of(String id, HeadcountEvent event) {
        Document doc = new Document("_id", id);
        doc.putAll(Document.parse(EventJson.toJson(event)));
        return doc;
    }

    /** The event a result document holds. */
    public static <T extends HeadcountEvent> T event(Document doc, Class<T> type) {
        Document copy = new Document(doc);
        copy.remove("_id");
        return EventJson.fromJson(copy.toJson(RELAXED), type);
    }

    public static <T extends HeadcountEvent> List<T> events(List<Document> docs, Class<T> type) {
        List<T> events = new ArrayList<>(docs.size());
        docs.forEach(doc -> events.add(event(doc, type)));
        return events;
    }

    /** A document as relaxed JSON (numbers as numbers), e.g. to read a stored request back with Jackson. */
    public static String json(Document doc) {
        return doc.toJson(RELAXED);
    }
}
