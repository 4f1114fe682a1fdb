package dev.headcount.report.dashboard;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.StoredRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files beside an experiment's stored request in the artifact store ({@code <root>/<exp>/pretrained/}):
 * request.json, the report (report.json, report.md, figures/…) once written, and whatever else the services
 * write there (the importance maps scored on the pre-trained model). Hidden and temporary files are left out.
 */
@ApplicationScoped
public class StoredFiles {
    /** How deep below the directory files are listed (figures/ is one level down). */
    static final int DEPTH = 4;
    private static final Map<String, String> TYPES = Map.of(
            "md", "text/markdown;charset=UTF-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "csv", "text/csv;charset=UTF-8",
            "txt", "text/plain;charset=UTF-8",
            "html", "text/plain;charset=UTF-8"); // served as text: never run a stored page in the dashboard's origin

    @Inject
    ArtifactStore store;

    /** One downloadable file. */
    public record ReportFile(String path, long size, String contentType) {
    }

    public List<ReportFile> list(String experimentId) throws IOException {
        Path directory = directory(experimentId);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<ReportFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory, DEPTH)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String relative = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (Files.isRegularFile(file) && FilePaths.problem(relative) == null) {
                    files.add(new ReportFile(relative, Files.size(file), contentType(relative)));
                }
            }
        }
        files.sort(Comparator.comparing(ReportFile::path));
        return files;
    }

    /**
     * The file {@code path} names, if it exists.
     *
     * @throws IllegalArgumentException when the path is not one a download may name
     */
    public Optional<Path> resolve(String experimentId, String path) throws IOException {
        String problem = FilePaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path directory = directory(experimentId);
        Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory)) {
            throw new IllegalArgumentException("file path '" + path + "' leads outside the report directory");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // a symbolic link must not lead out either
        if (!file.toRealPath().startsWith(directory.toRealPath())) {
            throw new IllegalArgumentException("file path '" + path + "' leads outside the report directory");
        }
        return Optional.of(file);
    }

    public static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** Where the stored request is: the report-service writes beside it. */
    private Path directory(String experimentId) {
        return store.localPath(store.uriOf(experimentId, ModelVariant.pretrained(), StoredRequests.FILE)).getParent();
    }
}
