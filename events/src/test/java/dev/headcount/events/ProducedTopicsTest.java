package dev.headcount.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProducedTopicsTest {

    @Test
    void aDeclaredTopicPassesAndAnUndeclaredOneIsRefusedWithWhatToChange() {
        ProducedTopics declared = ProducedTopics.parse(" headcount.progress ,headcount.dead-letter,");
        assertEquals(Set.of(Topics.PROGRESS, Topics.DEAD_LETTER), declared.topics());
        assertEquals(Topics.PROGRESS, declared.check(Topics.PROGRESS));
        var e = assertThrows(IllegalStateException.class, () -> declared.check(Topics.MODELS));
        assertTrue(e.getMessage().startsWith("this service writes to headcount.models, which its headcount.kafka.produces "
                + "[headcount.dead-letter, headcount.progress] does not declare"), e.getMessage());
    }

    @Test
    void aNameThatIsNoTopicIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProducedTopics.parse("headcount.progres"));
        assertTrue(e.getMessage().contains("'headcount.progres', which is not a topic"), e.getMessage());
    }
}
