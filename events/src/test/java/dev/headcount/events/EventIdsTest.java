package dev.headcount.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EventIdsTest {

    @Test
    void sameIdentifyingFieldsGiveTheSameId() {
        assertEquals(EventIds.of("T", "e1", 3), EventIds.of("T", "e1", 3));
        UUID id = UUID.fromString(EventIds.of("T", "e1", 3));
        assertEquals(3, id.version(), "name-based (MD5)");
    }

    @Test
    void differentTypeOrFieldsGiveDifferentIds() {
        assertNotEquals(EventIds.of("T", "e1", 3), EventIds.of("U", "e1", 3));
        assertNotEquals(EventIds.of("T", "e1", 3), EventIds.of("T", "e1", 4));
        assertNotEquals(EventIds.of("T", "e1", "23"), EventIds.of("T", "e12", "3"), "fields are separated");
    }

    @Test
    void timestampsAndMeasuredValuesAreNotPartOfTheId() {
        ModelVariant variant = ModelVariant.finetuned("builtin/spam");
        CurveSummary curve = new CurveSummary(10, 1, List.of(0.5), List.of(0.9), 1, 3.0);
        ModelFineTuned first = new ModelFineTuned("e1", variant, "file:/a", "accuracy", Map.of("accuracy", 0.9),
                0.2, curve, Instant.parse("2025-01-01T00:00:00Z"));
        ModelFineTuned recomputed = new ModelFineTuned("e1", variant, "file:/b", "accuracy", Map.of("accuracy", 0.91),
                0.19, curve, Instant.parse("2025-01-02T00:00:00Z"));
        assertEquals(first.eventId(), recomputed.eventId());
        ModelFineTuned otherTask = new ModelFineTuned("e1", ModelVariant.finetuned("builtin/lt-acceptability"),
                "file:/a", "accuracy", Map.of("accuracy", 0.9), 0.2, curve, null);
        assertNotEquals(first.eventId(), otherTask.eventId());
    }

    @Test
    void perHeadEventsHaveOneIdPerHead() {
        Set<String> ids = new HashSet<>();
        for (int layer = 0; layer < 12; layer++) {
            for (int head = 0; head < 12; head++) {
                ids.add(new HeadImportanceScored("e1", ModelVariant.pretrained(), "builtin/sotu", layer, head,
                        1, 1, 1, 1, 1).eventId());
            }
        }
        assertEquals(144, ids.size());
    }

    @Test
    void everyExampleHasItsOwnId() {
        Set<String> ids = new HashSet<>();
        EventExamples.all().forEach(event -> ids.add(event.eventId()));
        assertEquals(EventExamples.all().size(), ids.size());
    }

    @Test
    void evaluationIdsDoNotDependOnHowTheFractionWasWritten() {
        MaskedModelEvaluated a = new MaskedModelEvaluated("e1", ModelVariant.pretrained(), Ranking.random(1), 0.3,
                "builtin/sotu", "loss", Map.of("loss", 2.0), 2.0, 10, List.of());
        MaskedModelEvaluated b = new MaskedModelEvaluated("e1", ModelVariant.pretrained(), Ranking.random(1), 0.30,
                "builtin/sotu", "loss", Map.of("loss", 2.1), 2.1, 10, List.of());
        assertEquals(a.eventId(), b.eventId());
        MaskedModelEvaluated c = new MaskedModelEvaluated("e1", ModelVariant.pretrained(), Ranking.random(2), 0.3,
                "builtin/sotu", "loss", Map.of("loss", 2.0), 2.0, 10, List.of());
        assertNotEquals(a.eventId(), c.eventId());
    }
}
