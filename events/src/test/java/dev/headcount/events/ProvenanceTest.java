package dev.headcount.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {

    @Test
    void theBuildInfoResourceIsBakedIn() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(Provenance.Code.RESOURCE)) {
            assertNotNull(in, Provenance.Code.RESOURCE + " is generated at build time (events/pom.xml, antrun)");
            properties.load(in);
        }
        Provenance.Code code = Provenance.Code.current();
        assertEquals(properties.getProperty("commit"), code.commit());
        assertTrue(code.commit().matches("[0-9a-f]{40}") || code.commit().equals("unknown"), code.commit());
        assertTrue(properties.getProperty("dirty").matches("true|false|unknown"), properties.getProperty("dirty"));
        assertEquals("0.1.0-SNAPSHOT", code.version());
    }

    @Test
    void sameCleanCommitNeedsAKnownCommitAndTwoCleanTrees() {
        Provenance.Code clean = new Provenance.Code("1", "abc", false);
        assertTrue(clean.sameCleanCommit(new Provenance.Code("1", "abc", false)));
        assertFalse(clean.sameCleanCommit(new Provenance.Code("1", "abc", true)));
        assertFalse(clean.sameCleanCommit(new Provenance.Code("1", "abd", false)));
        assertFalse(new Provenance.Code("1", "unknown", false).sameCleanCommit(new Provenance.Code("1", "unknown", false)));
        assertFalse(new Provenance.Code("1", "abc", null).sameCleanCommit(clean));
    }

    @Test
    void provenanceTravelsWithTheEventAndIsCamelCase() throws Exception {
        ImportanceMapCompleted map = EventExamples.all().stream().filter(ImportanceMapCompleted.class::isInstance)
                .map(ImportanceMapCompleted.class::cast).findFirst().orElseThrow();
        JsonNode tree = EventJson.mapper().readTree(EventJson.toJson(map));
        JsonNode provenance = tree.get("provenance");
        assertEquals("train", provenance.get("data").get(0).get("split").asText());
        assertEquals("512", provenance.get("options").get("scoringExamples").asText());
        assertEquals("cpu()", provenance.get("platform").get("device").asText());
        assertEquals(map, EventJson.fromJson(EventJson.toJson(map)));
        assertEquals(map.provenance(), EventJson.fromJson(EventJson.toJson(map), ImportanceMapCompleted.class).provenance());
    }

    @Test
    void eventsWrittenBeforeProvenanceStillParse() throws Exception {
        // as a report-service stored them before provenance existed: no "provenance" field at all
        for (HeadcountEvent event : EventExamples.all()) {
            ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(event));
            tree.remove("provenance");
            HeadcountEvent read = EventJson.fromJson(tree.toString());
            assertEquals(event.eventId(), read.eventId());
            if (read instanceof ImportanceMapCompleted m) {
                assertNull(m.provenance());
            }
        }
        MaskedModelEvaluated old = new MaskedModelEvaluated("e1", ModelVariant.pretrained(), Ranking.random(0), 0.5,
                "builtin/spam", "f1", Map.of("f1", 0.5), 0.7, 10, List.of());
        assertNull(EventJson.fromJson(EventJson.toJson(old), MaskedModelEvaluated.class).provenance());
        ModelFineTuned tuned = new ModelFineTuned("e1", ModelVariant.finetuned("builtin/spam"), "file:/x", "f1",
                Map.of("f1", 0.5), 0.7, new CurveSummary(1, 1, List.of(0.7), List.of(0.5), 1, 1.0), Instant.EPOCH);
        assertNull(EventJson.fromJson(EventJson.toJson(tuned), ModelFineTuned.class).provenance());
    }

    @Test
    void anIncompleteProvenanceIsNamed() throws Exception {
        ImportanceMapCompleted map = EventExamples.all().stream().filter(ImportanceMapCompleted.class::isInstance)
                .map(ImportanceMapCompleted.class::cast).findFirst().orElseThrow();
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.toJson(map));
        ((ObjectNode) tree.get("provenance").get("model")).remove("sha256");
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.fromJson(tree.toString()));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void aMissingOptionIsNamed() {
        Provenance provenance = EventExamples.provenance();
        assertEquals("per-example", provenance.option("granularity"));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> provenance.option("epochs"));
        assertTrue(e.getMessage().contains("options.epochs"), e.getMessage());
        assertEquals("builtin/spam", provenance.data("train").orElseThrow().task());
        assertTrue(provenance.data("dev").isEmpty());
    }
}
