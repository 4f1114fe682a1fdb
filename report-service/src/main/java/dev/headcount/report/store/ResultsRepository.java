package dev.headcount.report.store;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import dev.headcount.report.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MongoDB access of the report-service: every write is an upsert by a deterministic {@code _id} or a
 * conditional update, so processing an event again changes nothing. Sync driver; callers run on worker threads.
 */
@ApplicationScoped
public class ResultsRepository {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    /** Set on a {@code units} document once the experiment's written report lists it. */
    public static final String IN_REPORT = "inReport";

    private final MongoDatabase database;

    @Inject
    public ResultsRepository(MongoClient client, ReportConfig config) {
        this.database = client.getDatabase(config.mongodb().database());
    }

    /** Indexes for the queries below; creating an existing index is a no-op. */
    public void createIndexes() {
        for (String name : Collections.all()) {
            if (!name.equals(Collections.EXPERIMENTS)) {
                collection(name).createIndex(Indexes.ascending("experimentId"));
            }
        }
        collection(Collections.EVALUATIONS).createIndex(
                Indexes.ascending("experimentId", "baseVariant", "evaluatedTask"));
        collection(Collections.PROGRESS).createIndex(Indexes.ascending("experimentId", "offset"));
        collection(Collections.EXPERIMENTS).createIndex(Indexes.descending("requestedAt"));
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    // experiments

    public Optional<Document> experiment(String experimentId) {
        return Optional.ofNullable(collection(Collections.EXPERIMENTS)
                .find(Filters.eq("_id", DocumentIds.experiment(experimentId))).first());
    }

    /** Newest first. */
    public List<Document> experiments() {
        return collection(Collections.EXPERIMENTS).find().sort(Sorts.descending("requestedAt"))
                .into(new ArrayList<>());
    }

    /** Experiments submitted by this client ({@code submittedBy}) that are still running. */
    public long runningOf(String client) {
        return collection(Collections.EXPERIMENTS).countDocuments(Filters.and(Filters.eq("status", RUNNING),
                Filters.eq("submittedBy", client)));
    }

    /** Inserts the document unless one with its id exists; true when inserted. */
    public boolean insertExperiment(Document experiment) {
        try {
            collection(Collections.EXPERIMENTS).insertOne(experiment);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Creates the experiment document if it does not exist; an existing one is left as it is. */
    public boolean ensureExperiment(Document experiment) {
        Document onInsert = new Document(experiment);
        onInsert.remove("_id");
        UpdateResult result = collection(Collections.EXPERIMENTS).updateOne(
                Filters.eq("_id", experiment.get("_id")), new Document("$setOnInsert", onInsert),
                new UpdateOptions().upsert(true));
        return result.getUpsertedId() != null;
    }

    /** Sets fields of the experiment document (no upsert). */
    public void updateExperiment(String experimentId, Bson update) {
        collection(Collections.EXPERIMENTS).updateOne(Filters.eq("_id", experimentId), update);
    }

    /**
     * Moves a running experiment to a final status; true when this call did it. Completed and failed are final,
     * so a redelivered or late event cannot move an experiment back or across.
     */
    public boolean finish(String experimentId, Bson update) {
        UpdateResult result = collection(Collections.EXPERIMENTS).updateOne(
                Filters.and(Filters.eq("_id", experimentId), Filters.eq("status", RUNNING)), update);
        return result.getModifiedCount() > 0;
    }

    // result documents

    /** Replaces (or inserts) the document with its {@code _id}. */
    public void upsert(String collection, Document document) {
        collection(collection).replaceOne(Filters.eq("_id", document.get("_id")), document,
                new ReplaceOptions().upsert(true));
    }

    /** Inserts the document unless one with its {@code _id} exists (then nothing changes); true when inserted. */
    public boolean insertIfAbsent(String collection, Document document) {
        Document onInsert = new Document(document);
        onInsert.remove("_id");
        UpdateResult result = collection(collection).updateOne(Filters.eq("_id", document.get("_id")),
                new Document("$setOnInsert", onInsert), new UpdateOptions().upsert(true));
        return result.getUpsertedId() != null;
    }

    public List<Document> ofExperiment(String collection, String experimentId) {
        return collection(collection).find(Filters.eq("experimentId", experimentId))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public List<Document> find(String collection, Bson filter) {
        return collection(collection).find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** The {@code _id}s of an experiment's documents in a collection. */
    public Set<String> ids(String collection, String experimentId) {
        Set<String> ids = new HashSet<>();
        collection(collection).find(Filters.eq("experimentId", experimentId)).projection(Projections.include("_id"))
                .forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    // units of work

    /** Marks every {@code units} document of the experiment as listed in its written report ({@code inReport}). */
    public void markUnitsInReport(String experimentId) {
        collection(Collections.UNITS).updateMany(Filters.eq("experimentId", experimentId),
                new Document("$set", new Document(IN_REPORT, true)));
    }

    /** Whether the {@code units} document is listed in its experiment's written report. */
    public boolean unitInReport(String id) {
        Document unit = collection(Collections.UNITS).find(Filters.eq("_id", id)).first();
        return unit != null && Boolean.TRUE.equals(unit.getBoolean(IN_REPORT));
    }

    // progress

    /** Keeps the newest {@code keep} progress documents of an experiment (by offset). */
    public void trimProgress(String experimentId, int keep) {
        MongoCollection<Document> progress = collection(Collections.PROGRESS);
        if (progress.countDocuments(Filters.eq("experimentId", experimentId)) <= keep) {
            return;
        }
        List<Object> old = new ArrayList<>();
        progress.find(Filters.eq("experimentId", experimentId)).sort(Sorts.descending("offset")).skip(keep)
                .projection(Projections.include("_id")).forEach(doc -> old.add(doc.get("_id")));
        if (!old.isEmpty()) {
            progress.deleteMany(Filters.in("_id", old));
        }
    }

    /** The newest progress documents of an experiment, newest first. */
    public List<Document> progress(String experimentId, int limit) {
        return collection(Collections.PROGRESS).find(Filters.eq("experimentId", experimentId))
                .sort(Sorts.descending("offset")).limit(limit).into(new ArrayList<>());
    }
}
