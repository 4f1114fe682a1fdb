package dev.headcount.cli;

import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies what the report-service wrote beside an experiment's report in the artifact store (report.md,
 * report.json, figures, tables, whatever it adds later) into the run directory, so that the report opens there
 * with everything it links.
 *
 * <p>The report shares its directory with the pre-trained model's artifacts of the other services; those are
 * left out: the scorer's importance map, the pruner's per-evaluation files and any checkpoint (large, and not
 * part of the report), and the stored request (the report restates it).
 */
final class ReportFiles {

    /** Top-level entries of the directory that other services (or the request) put there. */
    private static final Set<String> NOT_THE_REPORTS = Set.of(ArtifactLayout.MODEL, "evaluations",
            StoredRequests.FILE);

    private ReportFiles() {
    }

    /** The store's directory holding the experiment's {@code report.md}. */
    static Path directory(Path artifactRoot, String experimentId) {
        DirectoryArtifactStore store = new DirectoryArtifactStore(artifactRoot);
        return store.localPath(store.uriOf(experimentId, ModelVariant.pretrained(), "report.md")).getParent();
    }

    /**
     * Copies the report's files under {@code source} into {@code target}, keeping their folders and replacing
     * files of the same name.
     *
     * @return the number of files copied
     */
    static int copy(Path source, Path target) throws IOException {
        int copied = 0;
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (!Files.isRegularFile(file) || !isReports(relative)) {
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

    private static boolean isReports(Path relative) {
        String top = relative.getName(0).toString();
        boolean importanceMap = relative.getNameCount() == 1 && top.startsWith("importance-") && top.endsWith(".json");
        return !NOT_THE_REPORTS.contains(top) && !importanceMap;
    }
}
