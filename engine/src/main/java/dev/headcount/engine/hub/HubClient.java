package dev.headcount.engine.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads files from the Hugging Face Hub into the shared cache, with {@code huggingface_hub}'s
 * semantics ({@code hf_hub_download}): {@code HEAD /{repo}/resolve/{revision}/{file}} gives the commit
 * ({@code X-Repo-Commit}), the blob name ({@code X-Linked-Etag} for LFS files, else {@code ETag}) and,
 * for LFS files, a redirect to the storage that serves the bytes; the bytes go to
 * {@code blobs/ETAG.incomplete}, resumed with a {@code Range} request after a broken connection,
 * are checked against the SHA-256 an LFS ETag is, and are renamed to {@code blobs/ETAG} and linked
 * from {@code snapshots/COMMIT/FILE}.
 *
 * <p>Unlike Python, a file already in the cache for a revision is used without asking the Hub whether
 * the branch moved: runs are reproducible and need no network once the cache holds their files. To
 * follow a branch, delete its {@code refs/} file or name a commit.
 */
public final class HubClient {

    /** Tries per file; each one resumes where the previous one broke off. */
    static final int ATTEMPTS = 5;
    private static final int MAX_REDIRECTS = 10;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static volatile DownloadProgress processProgress = DownloadProgress.NONE;

    private final HubSettings settings;
    private final HubCache cache;
    private final HttpClient http;
    private final DownloadProgress progress;

    public HubClient(HubSettings settings, DownloadProgress progress) {
        this.settings = settings;
        this.cache = new HubCache(settings.cache());
        // redirects are followed by hand: the token must not travel to the storage host an LFS file redirects to
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.progress = progress;
    }

    /**
     * Where the clients of {@link #fromEnvironment()} report progress: the command line installs a bar; services keep
     * the default (the start and end of each download are logged either way).
     */
    public static void reportProgressTo(DownloadProgress progress) {
        processProgress = progress;
    }

    /** A client for the environment's settings (see {@link HubSettings}). */
    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment(), processProgress);
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /** The snapshot folder of the revision's cached commit, when the cache knows that commit. */
    public Optional<Path> cachedSnapshot(HubRepo repo) throws IOException {
        Optional<String> commit = cache.commit(repo);
        return commit.map(c -> cache.snapshot(repo, c)).filter(Files::isDirectory);
    }

    /** The error for a file that offline mode (or an unreachable Hub) cannot provide. */
    public HubException notInCache(HubRepo repo, String what) {
        Path folder = cache.repoFolder(repo);
        String where;
        try {
            where = cache.commit(repo).map(c -> cache.snapshot(repo, c).toString())
                    .orElse(folder.resolve("refs").resolve(repo.revision()) + " (no such ref)");
        } catch (IOException e) {
            where = folder.toString();
        }
        return new HubException(repo + ": missing from the Hugging Face cache (" + where + "): " + what + "; HF_HUB_OFFLINE="
                + "1 forbids downloading. Unset HF_HUB_OFFLINE on a machine that reaches " + settings.endpoint()
                + ", or fill the cache there (e.g. `huggingface-cli download " + repo.id()
                + (repo.kind() == HubRepo.Kind.DATASET ? " --repo-type dataset" : "") + "`) and copy it here");
    }

    /** {@code GET /api/{models|datasets}/{repo}/revision/{revision}}: the commit and its files. */
    public RepoListing listing(HubRepo repo) throws IOException {
        requireOnline(repo, "the file listing");
        URI url = URI.create(settings.endpoint() + "/api/" + repo.kind().plural() + "/" + repo.id() + "/revision/"
                + encode(repo.revision(), false));
        HttpResponse<byte[]> response = send(request(url, true).GET().build(), HttpResponse.BodyHandlers.ofByteArray(),
                repo, url);
        if (response.statusCode() != 200) {
            throw failure(repo, "the file listing", url, response.statusCode(), response.headers());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new HubException(url + ": the listing is not JSON (" + e.getMessage() + "); is HF_ENDPOINT a Hub?", e);
        }
        String commit = body.path("sha").asText("");
        if (commit.isEmpty()) {
            throw new HubException(url + ": the listing has no 'sha' field; is HF_ENDPOINT (" + settings.endpoint()
                    + ") a Hub?");
        }
        List<String> files = new ArrayList<>();
        body.path("siblings").forEach(sibling -> files.add(sibling.path("rfilename").asText()));
        return new RepoListing(commit, files);
    }

    /**
     * The file in the cache, downloaded first if the cache lacks it.
     *
     * @throws HubException naming the repository, revision and file when it cannot be had
     */
    public Path download(HubRepo repo, String file) throws IOException {
        Optional<String> cachedCommit = cache.commit(repo);
        if (cachedCommit.isPresent()) {
            Optional<Path> cached = cache.file(repo, cachedCommit.get(), file);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (cache.knownMissing(repo, cachedCommit.get(), file)) {
                throw new MissingFile(repo + ": no file " + file + " in this revision (remembered in the cache's .no_exist)");
            }
        }
        requireOnline(repo, file);
        FileMetadata metadata = head(repo, file);
        cache.writeRef(repo, metadata.commit());
        Path blob = cache.blob(repo, metadata.etag());
        if (!Files.isRegularFile(blob)) {
            fetchBlob(repo, file, metadata);
        }
        return cache.link(repo, metadata.commit(), file, metadata.etag());
    }

    /** What a HEAD on the resolve URL says about a file. */
    record FileMetadata(String commit, String etag, long size, URI location) {
    }

    FileMetadata head(HubRepo repo, String file) throws IOException {
        URI url = resolveUrl(repo, file);
        for (int redirects = 0; ; redirects++) {
            HttpRequest request = request(url, sameHost(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept-Encoding", "identity").build();
            HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), repo, url);
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            Optional<String> location = headers.firstValue("Location");
            boolean redirect = status >= 300 && status < 400 && location.isPresent();
            if (redirect && location.get().startsWith("/") && redirects < MAX_REDIRECTS) {
                // a renamed repository: the Hub redirects within itself, and so does huggingface_hub
                url = url.resolve(location.get());
                continue;
            }
            if (!redirect && status != 200) {
                HubException failure = failure(repo, file, url, status, headers);
                Optional<String> commit = headers.firstValue("X-Repo-Commit");
                if (failure instanceof MissingFile && commit.isPresent()) {
                    // remembered as huggingface_hub does, so that asking again needs no request
                    cache.writeRef(repo, commit.get());
                    cache.markMissing(repo, commit.get(), file);
                }
                throw failure;
            }
            URI answered = url;
            String commit = headers.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(answered
                    + ": no X-Repo-Commit header in the answer; is HF_ENDPOINT (" + settings.endpoint() + ") a Hub?"));
            String etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                    .map(HubClient::normalizeEtag).orElseThrow(() -> new HubException(answered
                            + ": no ETag in the answer, so the file cannot be named in the cache"));
            long size = headers.firstValue("X-Linked-Size").or(() -> headers.firstValue("Content-Length"))
                    .map(Long::parseLong).orElse(-1L);
            return new FileMetadata(commit, etag, size, redirect ? url.resolve(location.get()) : url);
        }
    }

    /** {@code W/"abc"} and {@code "abc"} are both {@code abc}, as in {@code huggingface_hub}. */
    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private void fetchBlob(HubRepo repo, String file, FileMetadata metadata) throws IOException {
        Path blob = cache.blob(repo, metadata.etag());
        Path partial = cache.incomplete(repo, metadata.etag());
        Path lockFile = cache.lock(repo, metadata.etag());
        Files.createDirectories(blob.getParent());
        Files.createDirectories(lockFile.getParent());
        // a file lock excludes other processes; threads of this one queue on the blob's own lock first, since a
        // second FileChannel.lock on the same file in one JVM throws instead of waiting
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(blob.toAbsolutePath().normalize(), b -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(blob)) {
                return; // another process or thread downloaded it while we waited for the lock
            }
            LOG.info("{}: downloading {} ({} bytes) into {}", repo, file, metadata.size(), cache.repoFolder(repo));
            fetchWithResume(repo, file, metadata, partial);
            verify(repo, file, metadata, partial);
            Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("{}: {} downloaded and checked", repo, file);
        } finally {
            inProcess.unlock();
        }
    }

    private void fetchWithResume(HubRepo repo, String file, FileMetadata metadata, Path partial) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long have = Files.exists(partial) ? Files.size(partial) : 0;
            if (metadata.size() >= 0 && have == metadata.size()) {
                return;
            }
            if (metadata.size() >= 0 && have > metadata.size()) {
                Files.delete(partial); // longer than the file: not a prefix of it
                have = 0;
            }
            HttpResponse<InputStream> response;
            try {
                response = get(repo, file, metadata.location(), have);
            } catch (HubException refused) {
                if (!(refused.getCause() instanceof ConnectException)) {
                    throw refused; // an error answer: trying again gets the same
                }
                last = refused;
                LOG.warn("{}: {}; trying again ({} of {})", repo, refused.getMessage(), attempt + 1, ATTEMPTS);
                continue;
            } catch (IOException broken) {
                last = broken;
                LOG.warn("{}: request for {} failed ({}); trying again ({} of {})", repo, file, broken.getMessage(),
                        attempt + 1, ATTEMPTS);
                continue;
            }
            boolean resumed = response.statusCode() == 206;
            long done = resumed ? have : 0;
            if (have > 0 && !resumed) {
                LOG.info("{}: the server ignored the range request; downloading {} again from the start", repo, file);
            }
            try (InputStream in = response.body();
                 OutputStream out = resumed
                         ? Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                         : Files.newOutputStream(partial)) {
                byte[] buffer = new byte[1 << 16];
                progress.update(file, done, metadata.size());
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    done += n;
                    progress.update(file, done, metadata.size());
                }
                return;
            } catch (IOException broken) {
                last = broken;
                LOG.warn("{}: download of {} broke off after {} bytes ({}); resuming (try {} of {})", repo, file,
                        Files.exists(partial) ? Files.size(partial) : 0, broken.getMessage(), attempt + 1, ATTEMPTS);
            }
        }
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        throw new HubException(repo + ": the download of " + file + " broke off " + ATTEMPTS + " times; the " + have
                + " bytes received are kept in " + partial + " and the next run resumes from there", last);
    }

    /** GET with redirects followed by hand; the token goes only to the endpoint's own host. */
    private HttpResponse<InputStream> get(HubRepo repo, String file, URI start, long from) throws IOException {
        URI url = start;
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            HttpRequest.Builder builder = request(url, sameHost(url)).GET().header("Accept-Encoding", "identity");
            if (from > 0) {
                builder.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream(), repo, url);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                response.body().close();
                url = url.resolve(location.get());
                continue;
            }
            if (status == 200 || status == 206) {
                return response;
            }
            response.body().close();
            throw failure(repo, file, url, status, response.headers());
        }
        throw new HubException(repo + ": more than " + MAX_REDIRECTS + " redirects for " + file + " from " + start);
    }

    private static void verify(HubRepo repo, String file, FileMetadata metadata, Path partial) throws IOException {
        long size = Files.size(partial);
        if (metadata.size() >= 0 && size != metadata.size()) {
            Files.delete(partial);
            throw new HubException(repo + ": " + file + " arrived with " + size + " bytes but the Hub announced "
                    + metadata.size() + "; the download was discarded");
        }
        // an LFS file's ETag is the SHA-256 of its content; a git file's is git's blob hash, checked by size only
        if (SHA256.matcher(metadata.etag()).matches()) {
            String actual = sha256(partial);
            if (!actual.equals(metadata.etag())) {
                Files.delete(partial);
                throw new HubException(repo + ": checksum mismatch for " + file + ": the Hub announced SHA-256 "
                        + metadata.etag() + " but the bytes received hash to " + actual + "; the download was discarded "
                        + "(run again; if it persists, the server or a proxy alters the file)");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void requireOnline(HubRepo repo, String what) throws HubException {
        if (settings.offline()) {
            throw notInCache(repo, what);
        }
    }

    URI resolveUrl(HubRepo repo, String file) {
        return URI.create(settings.endpoint() + "/" + repo.kind().urlPrefix() + repo.id() + "/resolve/"
                + encode(repo.revision(), false) + "/" + encode(file, true));
    }

    private boolean sameHost(URI url) {
        URI endpoint = settings.endpoint();
        return endpoint.getHost().equalsIgnoreCase(url.getHost()) && endpoint.getPort() == url.getPort();
    }

    private HttpRequest.Builder request(URI url, boolean withToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5))
                .header("User-Agent", "headcount; java/" + Runtime.version().feature());
        if (withToken) {
            settings.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, HubRepo repo, URI url)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new HubException(repo + ": cannot reach " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); check the network or HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the "
                    + "cache alone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(repo + ": interrupted while talking to " + url, e);
        } catch (IOException e) {
            // not a HubException: a download retries it
            throw new IOException(repo + ": request to " + url + " failed: " + e, e);
        }
    }

    /** The Hub's error answers, with its {@code X-Error-Code}, turned into what the user should do. */
    private HubException failure(HubRepo repo, String what, URI url, int status, HttpHeaders headers) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String detail = headers.firstValue("X-Error-Message").map(m -> " (" + m + ")").orElse("");
        String page = settings.endpoint() + "/" + repo.kind().urlPrefix() + repo.id();
        if (status == 401 || status == 403) {
            String access = settings.token().isPresent()
                    ? "the token in use (HF_TOKEN or " + settings.tokenFile() + ") was not granted access"
                    : "no token is set: set HF_TOKEN or run `huggingface-cli login` (it writes " + settings.tokenFile() + ")";
            String kind = code.equals("GatedRepo") ? "is gated: accept its conditions on " + page + ", then make sure a token "
                    + "of that account is in use; " + access
                    : "is private, gated or does not exist (the Hub answers " + status + " for all three); " + access;
            return new HubException(repo + " " + kind + detail);
        }
        if (status == 404) {
            return switch (code) {
                case "EntryNotFound" -> new MissingFile(repo + ": no file " + what + " in this revision" + detail);
                case "RevisionNotFound" -> new HubException(repo + ": no revision '" + repo.revision() + "' in " + page + detail);
                default -> new HubException(repo + ": no such " + repo.kind().word() + " repository on "
                        + settings.endpoint() + " (or no file " + what + ")" + detail);
            };
        }
        return new HubException(repo + ": " + url + " answered HTTP " + status + " for " + what + detail);
    }

    /** A 404 for a file in an existing repository and revision. */
    public static final class MissingFile extends HubException {
        MissingFile(String message) {
            super(message);
        }
    }

    /** Percent-encoding as Python's {@code quote}: unreserved characters kept, and {@code /} too for paths. */
    static String encode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
                    || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
