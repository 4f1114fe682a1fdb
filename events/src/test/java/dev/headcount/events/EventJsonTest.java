package dev.headcount.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    @Test
    void everyEventTypeHasAnExample() {
        Set<String> covered = new HashSet<>();
        EventExamples.all().forEach(event -> covered.add(event.type()));
        assertEquals(Set.copyOf(EventJson.eventTypes()), covered);
        assertEquals(HeadcountEvent.class.getPermittedSubclasses().length, covered.size());
    }

    @Test
    void everyEventRoundTripsThroughTheInterfaceAndItsOwnType() {
        for (HeadcountEvent event : EventExamples.all()) {
            String json = EventJson.toJson(event);
            assertEquals(event, EventJson.fromJson(json), json);
            assertEquals(event, EventJson.fromJson(json, event.getClass()), json);
        }
    }

    @Test
    void jsonCarriesTheEnvelope() throws Exception {
        for (HeadcountEvent event : EventExamples.all()) {
            JsonNode tree = EventJson.mapper().readTree(EventJson.toJson(event));
            assertEquals(event.type(), tree.get("type").asText());
            assertEquals(EventExamples.EXPERIMENT, tree.get("experimentId").asText());
            assertEquals(event.eventId(), tree.get("eventId").asText());
            assertEquals(event instanceof ImportanceMapCompleted ? 2 : 1, tree.get("schemaVersion").asInt());
            assertEquals(EventJson.schemaVersion(event.type()), tree.get("schemaVersion").asInt());
            assertTrue(!tree.has("key") && !tree.has("topic"), "routing is not part of the payload");
        }
    }

    @Test
    void vocabularyIsWrittenAsNamesAndInstantsAsIso() throws Exception {
        HeadcountEvent evaluated = EventExamples.all().stream()
                .filter(event -> event instanceof MaskedModelEvaluated).findFirst().orElseThrow();
        JsonNode tree = EventJson.mapper().readTree(EventJson.toJson(evaluated));
        assertEquals("finetuned/builtin/spam", tree.get("baseVariant").asText());
        assertEquals("task:builtin/sotu", tree.get("ranking").asText());
        assertEquals(1, tree.get("headsRemoved").get(0).get("layer").asInt());

        String requested = EventJson.toJson(new ExperimentRequested("e1", EventExamples.request(),
                Instant.parse("2025-05-01T09:30:00Z")));
        assertTrue(requested.contains("\"requestedAt\":\"2025-05-01T09:30:00Z\""), requested);
        assertTrue(requested.contains("\"granularity\":\"per-example\""), requested);
        assertTrue(requested.contains("\"downstreamTasks\":[\"builtin/lt-acceptability\",\"builtin/spam\"]"), requested);
    }

    @Test
    void aTypedReadOfAnotherTypeNamesBoth() {
        String json = EventJson.toJson(new ExperimentCompleted("e1", null, null));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventJson.fromJson(json, ModelFineTuned.class));
        assertEquals("ExperimentCompleted.type: expected ModelFineTuned, got ExperimentCompleted", e.getMessage());
    }

    @Test
    void unknownPropertiesAreIgnoredForForwardCompatibility() throws Exception {
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(
                EventJson.toJson(new ExperimentCompleted("e1", "file:/r", null)));
        tree.put("addedInALaterMinorRelease", "whatever");
        assertEquals(new ExperimentCompleted("e1", "file:/r", null), EventJson.fromJson(tree.toString()));
    }

    @Test
    void aNewerSchemaVersionIsAClearError() {
        String json = EventJson.toJson(new ExperimentCompleted("e1", null, null)).replace("\"schemaVersion\":1",
                "\"schemaVersion\":2");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("ExperimentCompleted", e.eventType());
        assertEquals("schemaVersion", e.field());
        assertEquals("ExperimentCompleted.schemaVersion: version 2 is newer than this code reads (1): "
                + "upgrade the consumer", e.getMessage());
    }

    @Test
    void aMissingSchemaVersionOrTypeIsNamed() {
        InvalidEventException noVersion = assertThrows(InvalidEventException.class,
                () -> EventJson.fromJson("{\"type\":\"ExperimentCompleted\",\"experimentId\":\"e1\"}"));
        assertEquals("schemaVersion", noVersion.field());
        InvalidEventException noType = assertThrows(InvalidEventException.class,
                () -> EventJson.fromJson("{\"schemaVersion\":1,\"experimentId\":\"e1\"}"));
        assertEquals("type", noType.field());
        InvalidEventException unknownType = assertThrows(InvalidEventException.class,
                () -> EventJson.fromJson("{\"type\":\"ModelDeleted\",\"schemaVersion\":1}"));
        assertTrue(unknownType.getMessage().startsWith("ModelDeleted.type: unknown event type 'ModelDeleted', "
                + "expected one of [ExperimentCompleted,"), unknownType.getMessage());
        InvalidEventException notJson = assertThrows(InvalidEventException.class, () -> EventJson.fromJson("{oops"));
        assertTrue(notJson.getMessage().startsWith("event: not JSON"), notJson.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamedWithItsEventType() {
        String json = "{\"type\":\"ModelFineTuned\",\"schemaVersion\":1,\"experimentId\":\"e1\","
                + "\"variant\":\"finetuned/builtin/spam\",\"primaryMetric\":\"accuracy\","
                + "\"devMetrics\":{\"accuracy\":0.9},\"devLoss\":0.2,\"curve\":{\"steps\":1,\"epochs\":1,"
                + "\"bestEpoch\":1,\"seconds\":1.0}}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("ModelFineTuned.artifactUri: is required (non-blank text)", e.getMessage());
        assertEquals("ModelFineTuned", e.eventType());
        assertEquals("artifactUri", e.field());
    }

    @Test
    void aMissingNumberIsNamedNotDefaultedToZero() {
        String json = "{\"type\":\"HeadImportanceScored\",\"schemaVersion\":1,\"experimentId\":\"e1\","
                + "\"variant\":\"pretrained\",\"task\":\"builtin/sotu\",\"layer\":0,\"rawSum\":1.0,\"units\":4,"
                + "\"importance\":0.25,\"normalizedImportance\":1.0,\"attentionEntropy\":2.0}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("HeadImportanceScored", e.eventType());
        assertEquals("head", e.field(), e.getMessage());
    }

    @Test
    void aMalformedVocabularyValueIsNamed() {
        String json = EventJson.toJson(new ExperimentCompleted("e1", null, null))
                .replace("\"type\":\"ExperimentCompleted\"", "\"type\":\"PrunedModelReady\"")
                .replace("\"eventId\"", "\"ignoredId\"")
                .replace("}", ",\"ranking\":\"importance:x\",\"fraction\":0.3,\"artifactUri\":\"file:/m\"}");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("PrunedModelReady", e.eventType());
        assertEquals("ranking", e.field());
        assertTrue(e.getMessage().contains("must be task:<task> or random:<seed>"), e.getMessage());
    }

    @Test
    void aCarriedEventIdMustMatchTheFields() {
        String json = EventJson.toJson(new ExperimentCompleted("e1", null, null))
                .replace("\"experimentId\":\"e1\"", "\"experimentId\":\"e2\"");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(json));
        assertEquals("eventId", e.field());
    }

    @Test
    void experimentIdsArePlainBecauseTheyBecomeKeysAndDirectories() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> new ExperimentCompleted("../etc", null, null));
        assertEquals("experimentId", e.field());
    }

    @Test
    void deadLettersRoundTrip() {
        DeadLetter letter = new DeadLetter(Topics.MODELS, 3, 1017, "e1/finetuned/builtin/spam", "{oops",
                "event: not JSON", "scorer-service", 1, null, Instant.parse("2025-05-01T09:42:00Z"));
        assertEquals(letter, EventJson.deadLetterFromJson(EventJson.toJson(letter)));
    }

    @Test
    void keysAndTopicsFollowTheDocumentedRules() {
        List<HeadcountEvent> events = EventExamples.all();
        for (HeadcountEvent event : events) {
            assertTrue(Topics.all().contains(event.topic()), event.type());
            assertTrue(event.key().startsWith(EventExamples.EXPERIMENT), event.type());
        }
        WorkRequested work = (WorkRequested) events.get(1);
        assertEquals("exp-2025-minilm/score/5", work.key());
        assertEquals(Topics.SCORING_JOBS, work.topic());
        assertEquals(java.util.OptionalInt.of(5), Topics.workPartition(work.key(), 12));
        assertEquals(java.util.OptionalInt.of(1), Topics.workPartition("exp/evaluate/13", 12));
        assertEquals(java.util.OptionalInt.empty(), Topics.workPartition("exp/finetuned/builtin/spam", 12));
        assertInstanceOf(WorkDone.class, events.get(4));
        assertEquals(Topics.PROGRESS, events.get(4).topic());
        assertEquals(31.25, ((WorkDone) events.get(4)).seconds(), 1e-9);
    }
}
