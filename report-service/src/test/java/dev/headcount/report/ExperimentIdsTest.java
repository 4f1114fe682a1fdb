package dev.headcount.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentIdsTest {

    @Test
    void readableAndValid() {
        Instant now = Instant.parse("2025-05-01T09:30:00Z");
        String id = ExperimentIds.generate("builtin:all-MiniLM-L6-v2", now);
        assertTrue(id.matches("all-minilm-l6-v2-20250501-093000-[0-9a-f]{4}"), id);
        assertEquals("roberta-base", ExperimentIds.slug("/data/models/RoBERTa base/"));
        assertEquals("exp", ExperimentIds.slug("///"));
        assertNotEquals(ExperimentIds.generate("m", now) + ExperimentIds.generate("m", now),
                ExperimentIds.generate("m", now) + ExperimentIds.generate("m", now));
        String longName = ExperimentIds.slug("x".repeat(100));
        assertEquals(40, longName.length());
    }
}
