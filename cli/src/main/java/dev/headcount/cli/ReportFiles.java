package dev.headcount.cli;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ModelVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Copies what the report-service wrote beside an experiment's report in the artifact store (report.md,
 * report.json, figures, tables, whatever it adds later) into the run directory, so that the report opens there
 * with everything it links.
 */
final class ReportFiles {

    private ReportFiles() {
    }

    /** The store's directory holding the experiment's {@code report.md}. */
    static Path directory(Path artifactRoot, String experimentId) {
        DirectoryArtifactStore store = new DirectoryArtifactStore(artifactRoot);
        return store.localPath(store.uriOf(experimentId, ModelVariant.pretrained(), "report.md")).getParent();
    }

    /**
     * Copies the tree under {@code source} into {@code target}, replacing files of the same name. Model checkpoint
     * directories are skipped: none sits beside the report today, and one would be large and is not part of it.
     *
     * @return the number of files copied
     */
    static int copy(Path source, Path target) throws IOException {
        int copied = 0;
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (isCheckpoint(relative) || !Files.isRegularFile(file)) {
                    continue;
                }
                Path destination = target.resolve(relative.toString());
                Files.createDirectories(destination.getParent());
                Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                copied++;
            }
        }
        return copied;
    }

    private static boolean isCheckpoint(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(ArtifactLayout.MODEL)) {
                return true;
            }
        }
        return false;
    }
}
