package dev.headcount.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The report service reuses this package without DJL's native libraries: keep it free of ai.djl. */
class MetricsPurityTest {

    @Test
    void metricsSourcesImportOnlyTheJdk() throws IOException {
        Path sources = Path.of("src/main/java/dev/headcount/engine/metrics");
        List<Path> files;
        try (Stream<Path> list = Files.list(sources)) {
            files = list.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() >= 6, "found " + files);
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("import ")) {
                    assertTrue(line.startsWith("import java.") || line.startsWith("import static java."), file + ": " + line);
                }
                assertFalse(line.contains("ai.djl"), file + ": " + line);
            }
        }
    }
}
