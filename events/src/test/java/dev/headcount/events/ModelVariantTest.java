package dev.headcount.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelVariantTest {

    @Test
    void namesRoundTrip() {
        for (String name : List.of("pretrained", "finetuned/builtin/spam", "finetuned/glue/rte",
                "pruned/random:3/0.5", "pruned/task:builtin/sotu/0", "pruned/task:glue/mnli-m/0.25",
                "pruned-then-finetuned/task:builtin/sotu/0.3/builtin/lt-acceptability",
                "pruned-then-finetuned/random:0/0.9/glue/rte")) {
            assertEquals(name, ModelVariant.parse(name).name());
        }
    }

    @Test
    void partsAreParsed() {
        ModelVariant variant = ModelVariant.parse("pruned-then-finetuned/task:builtin/sotu/0.30/builtin/spam");
        assertEquals(ModelVariant.Kind.PRUNED_THEN_FINETUNED, variant.kind());
        assertEquals(Ranking.byTask("builtin/sotu"), variant.ranking());
        assertEquals(0.3, variant.fraction());
        assertEquals("builtin/spam", variant.task());
        assertEquals("pruned-then-finetuned/task:builtin/sotu/0.3/builtin/spam", variant.name(), "canonical fraction");
        assertEquals(ModelVariant.pruned(Ranking.byTask("builtin/sotu"), 0.3), variant.base());
        assertEquals(ModelVariant.pretrained(), ModelVariant.finetuned("builtin/spam").base());
        assertEquals("pruned-then-finetuned/task-builtin/sotu/0.3/builtin/spam", variant.path());
    }

    @Test
    void malformedNamesSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelVariant.parse("distilled/x"))
                .getMessage().contains("must be pretrained, finetuned/<task>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelVariant.parse("pruned/random:3"))
                .getMessage().contains("expected pruned/<ranking>/<fraction>"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelVariant.parse("pruned/random:3/1.5"))
                .getMessage().contains("fraction must be in [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelVariant.parse("finetuned/"))
                .getMessage().contains("needs a task name"));
    }

    @Test
    void fractionsAreWrittenShortest() {
        assertEquals("0", ModelVariant.formatFraction(0.0));
        assertEquals("0.1", ModelVariant.formatFraction(0.1));
        assertEquals("0.25", ModelVariant.formatFraction(0.250));
    }

    @Test
    void taskSpecsSplitNameAndLocation() {
        assertEquals(new TaskSpec("glue/rte", "/data/glue/rte"), TaskSpec.parse("glue/rte=/data/glue/rte"));
        assertEquals("builtin/sotu", TaskSpec.parse("builtin/sotu").toString());
        assertThrows(IllegalArgumentException.class, () -> TaskSpec.parse("glue/0.5"));
    }
}
