package dev.headcount.metrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void rendersHeaderRuleAndRows() {
        MarkdownTable table = new MarkdownTable(List.of("task", "spearman"),
                List.of(List.of("sst2", "0.43"), List.of("mnli", "0.12")));
        assertEquals("""
                | task | spearman |
                | --- | --- |
                | sst2 | 0.43 |
                | mnli | 0.12 |
                """, table.render());
    }

    @Test
    void escapesPipesAndLineBreaks() {
        MarkdownTable table = new MarkdownTable(List.of("a"), List.of(List.of("x|y\nz")));
        assertEquals("| a |\n| --- |\n| x\\|y z |\n", table.render());
    }

    @Test
    void rowsMustFitTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable(List.of("a", "b"), List.of(List.of("1"))));
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable(List.of(), List.of()));
    }
}
