package dev.headcount.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Ranking;
import dev.headcount.localstack.LocalStackTestResource;
import dev.headcount.report.store.Collections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results the experiment's plan does not have (a map of another task or on another model, an evaluation at another
 * fraction or by another ranking) are refused as bad input, an {@link IllegalArgumentException} naming the
 * experiment, the unit and what the plan has, which the shared record path dead-letters without retrying; nothing of
 * them is stored. The service's own event handler against the real MongoDB-wire server of the local stack.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class UnplannedResultsRefusedTest {
    @Inject
    ExperimentService service;
    @Inject
    MongoClient mongo;
    @ConfigProperty(name = "headcount.mongodb.database")
    String database;

    @Test
    void mapsOutsideThePlanAreRefusedAndNotStored() {
        TinyExperiment tiny = requested("exp-unplanned-map-");
        ImportanceMapCompleted spam = tiny.map(TinyExperiment.SPAM);

        IllegalArgumentException otherTask = assertThrows(IllegalArgumentException.class, () -> service.handle(
                withUnit(spam, ModelVariant.finetuned("builtin/nope"), "builtin/nope"), 0, 0));
        assertEquals("experiment " + tiny.experimentId + " has no importance map of task 'builtin/nope' on "
                + "finetuned/builtin/nope in its plan (its maps: [builtin/sotu on pretrained, builtin/spam on "
                + "finetuned/builtin/spam])", otherTask.getMessage());
        // a planned task on a model the plan does not score it on
        IllegalArgumentException otherModel = assertThrows(IllegalArgumentException.class, () -> service.handle(
                withUnit(spam, ModelVariant.pretrained(), TinyExperiment.SPAM), 0, 0));
        assertTrue(otherModel.getMessage().contains("no importance map of task 'builtin/spam' on pretrained"),
                otherModel.getMessage());
        assertEquals(0, stored(Collections.IMPORTANCE, tiny));

        // the planned map is stored: the check refuses only what the plan lacks
        service.handle(spam, 0, 0);
        assertEquals(1, stored(Collections.IMPORTANCE, tiny));
    }

    @Test
    void evaluationsOutsideThePlanAreRefusedAndNotStored() {
        TinyExperiment tiny = requested("exp-unplanned-eval-");
        MaskedModelEvaluated planned = tiny.evaluations().get(0);

        IllegalArgumentException otherFraction = assertThrows(IllegalArgumentException.class, () -> service.handle(
                withUnit(planned, planned.ranking(), 0.33), 0, 0));
        String message = otherFraction.getMessage();
        assertTrue(message.startsWith("experiment " + tiny.experimentId + " has no evaluation of task '"
                + planned.evaluatedTask() + "' on " + planned.baseVariant() + " pruned by ranking " + planned.ranking()
                + " at fraction 0.33 in its plan (its 24 evaluations: rankings "), message);
        assertTrue(message.contains(" at fractions [0, 0.25, 0.5]; ranking " + planned.ranking() + " on ["), message);
        IllegalArgumentException otherRanking = assertThrows(IllegalArgumentException.class, () -> service.handle(
                withUnit(planned, Ranking.random(99), planned.fraction()), 0, 0));
        assertTrue(otherRanking.getMessage().contains("pruned by ranking " + Ranking.random(99)),
                otherRanking.getMessage());
        assertEquals(0, stored(Collections.EVALUATIONS, tiny));

        service.handle(planned, 0, 0);
        assertEquals(1, stored(Collections.EVALUATIONS, tiny));
    }

    private TinyExperiment requested(String prefix) {
        TinyExperiment tiny = new TinyExperiment(prefix + UUID.randomUUID().toString().substring(0, 8));
        service.handle(tiny.requested(), 0, 0);
        assertTrue(service.plan(tiny.experimentId).isPresent(), "the experiment has its plan");
        assertEquals(24, new ExperimentPlan(tiny.experimentId, tiny.request).evaluations().size());
        return tiny;
    }

    private long stored(String collection, TinyExperiment tiny) {
        return mongo.getDatabase(database).getCollection(collection)
                .countDocuments(Filters.eq("experimentId", tiny.experimentId));
    }

    private static ImportanceMapCompleted withUnit(ImportanceMapCompleted m, ModelVariant variant, String task) {
        return new ImportanceMapCompleted(m.experimentId(), variant, task, m.granularity(), m.rawSums(), m.counts(),
                m.normalizedImportance(), m.attentionEntropy(), m.artifactUri(), m.provenance());
    }

    private static MaskedModelEvaluated withUnit(MaskedModelEvaluated e, Ranking ranking, double fraction) {
        return new MaskedModelEvaluated(e.experimentId(), e.baseVariant(), ranking, fraction, e.evaluatedTask(),
                e.primaryMetric(), e.metrics(), e.loss(), e.examples(), e.headsRemoved(), e.provenance(),
                e.predictions());
    }
}
