package dev.headcount.report;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.DirectoryArtifactStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/** The shared artifact store ({@code headcount.artifact-root}): stored requests and reports live there. */
public class Artifacts {
    @Produces
    @Singleton
    ArtifactStore artifactStore(ReportConfig config) {
        return new DirectoryArtifactStore(Path.of(config.artifactRoot()));
    }
}
