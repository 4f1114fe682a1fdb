package dev.headcount.report.dashboard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilePathsTest {

    @Test
    void plainNamesBelowTheDirectoryMayBeServed() {
        assertNull(FilePaths.problem("report.md"));
        assertNull(FilePaths.problem("figures/importance-builtin-spam-finetuned-builtin-spam.svg"));
        assertNull(FilePaths.problem("tables/pruning curves.csv"));
    }

    @Test
    void anythingThatCouldLeaveTheDirectoryIsRefused() {
        for (String path : new String[] {"../x", "figures/../../x", "..", ".", "./report.md", "/etc/passwd",
                "figures//x.svg", "figures/", "a\\..\\b", "C:/x", ".hidden", "figures/.report.md.123.tmp", "a\0b"}) {
            String problem = FilePaths.problem(path);
            assertNotNull(problem, path);
            assertTrue(problem.contains("no '..'"), problem);
        }
        assertEquals("file path is empty", FilePaths.problem(""));
        assertEquals("file path is empty", FilePaths.problem(null));
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("text/markdown;charset=UTF-8", StoredFiles.contentType("report.md"));
        assertEquals("image/svg+xml", StoredFiles.contentType("figures/coherence.svg"));
        assertEquals("image/png", StoredFiles.contentType("figures/coherence.PNG"));
        assertEquals("text/csv;charset=UTF-8", StoredFiles.contentType("pruning.csv"));
        assertEquals("application/octet-stream", StoredFiles.contentType("model.bin"));
    }
}
