package dev.headcount.engine.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The Hugging Face cache as {@code huggingface_hub} lays it out, so that Python and headcount share it:
 * <pre>
 * ROOT/models--ORG--NAME/refs/REVISION              the commit a branch or tag pointed to (no newline)
 * ROOT/models--ORG--NAME/blobs/ETAG                 file contents, named by the Hub's ETag
 * ROOT/models--ORG--NAME/blobs/ETAG.incomplete      a partial download, resumed with a Range request
 * ROOT/models--ORG--NAME/snapshots/COMMIT/FILE      a relative symbolic link to ../../blobs/ETAG
 * ROOT/models--ORG--NAME/.no_exist/COMMIT/FILE      an empty file: the Hub said FILE is not in COMMIT
 * ROOT/.locks/models--ORG--NAME/ETAG.lock           held while ETAG is downloaded
 * </pre>
 */
public final class HubCache {

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoFolder(HubRepo repo) {
        return root.resolve(repo.cacheFolder());
    }

    /** The commit the repository's revision resolves to in the cache: a commit is itself, a branch its ref file. */
    public Optional<String> commit(HubRepo repo) throws IOException {
        if (repo.revisionIsCommit()) {
            return Optional.of(repo.revision());
        }
        Path ref = repoFolder(repo).resolve("refs").resolve(repo.revision());
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** Records where a branch or tag points (a commit revision needs no ref, as in {@code huggingface_hub}). */
    public void writeRef(HubRepo repo, String commit) throws IOException {
        if (repo.revisionIsCommit() || repo.revision().equals(commit)) {
            return;
        }
        Path ref = repoFolder(repo).resolve("refs").resolve(repo.revision());
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).strip().equals(commit)) {
            return;
        }
        Files.createDirectories(ref.getParent());
        Path temporary = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(temporary, commit, StandardCharsets.UTF_8);
        Files.move(temporary, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path snapshot(HubRepo repo, String commit) {
        return repoFolder(repo).resolve("snapshots").resolve(commit);
    }

    /** The file in the snapshot when it is there (a link whose blob exists, or a plain file). */
    public Optional<Path> file(HubRepo repo, String commit, String file) {
        Path path = snapshot(repo, commit).resolve(file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    public Path blob(HubRepo repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag);
    }

    public Path incomplete(HubRepo repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path lock(HubRepo repo, String etag) {
        return root.resolve(".locks").resolve(repo.cacheFolder()).resolve(etag + ".lock");
    }

    public boolean knownMissing(HubRepo repo, String commit, String file) {
        return Files.exists(repoFolder(repo).resolve(".no_exist").resolve(commit).resolve(file));
    }

    public void markMissing(HubRepo repo, String commit, String file) throws IOException {
        Path marker = repoFolder(repo).resolve(".no_exist").resolve(commit).resolve(file);
        Files.createDirectories(marker.getParent());
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** Points {@code snapshots/COMMIT/FILE} at the blob with a relative link, as {@code huggingface_hub} does. */
    public Path link(HubRepo repo, String commit, String file, String etag) throws IOException {
        Path pointer = snapshot(repo, commit).resolve(file);
        Path blob = blob(repo, etag);
        Files.createDirectories(pointer.getParent());
        Path target = pointer.getParent().relativize(blob);
        if (Files.isSymbolicLink(pointer) && Files.readSymbolicLink(pointer).equals(target)) {
            return pointer;
        }
        // made under a temporary name and renamed over the pointer: rename replaces atomically, so threads or
        // processes linking the same file at once never see (or trip over) a half-made pointer
        Path temporary = pointer.resolveSibling(pointer.getFileName() + ".link-" + java.util.UUID.randomUUID());
        try {
            Files.createSymbolicLink(temporary, target);
        } catch (UnsupportedOperationException | IOException e) {
            // file systems without links: huggingface_hub then copies the blob too
            Files.copy(blob, temporary, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return pointer;
    }
}
