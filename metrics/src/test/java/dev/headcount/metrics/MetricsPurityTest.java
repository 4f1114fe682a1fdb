package dev.headcount.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report service uses this module without DJL's native libraries. The pom has no DJL dependency,
 * so compiling already guards the sources; these checks catch DJL arriving some other way (a new
 * dependency that pulls it in transitively, a class referenced by name).
 */
class MetricsPurityTest {

    @Test
    void djlIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.ndarray.NDArray"));
    }

    @Test
    void noCompiledClassReferencesDjl() throws IOException {
        Path classes = Path.of("target/classes/dev/headcount/metrics");
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            classFiles = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(classFiles.size() >= 6, "found " + classFiles);
        for (Path classFile : classFiles) {
            // constant pools hold class names as modified UTF-8, which is plain ASCII for these names
            String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            assertFalse(constants.contains("ai/djl") || constants.contains("ai.djl"), classFile + " references DJL");
        }
    }
}
