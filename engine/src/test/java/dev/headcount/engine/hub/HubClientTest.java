package dev.headcount.engine.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hub client against a loopback fake Hub: cache layout, reuse, resume, checksums, offline, gated repositories. */
class HubClientTest {

    private static final String CONFIG = "{\"model_type\": \"bert\"}\n";

    @TempDir
    Path cacheRoot;

    private FakeHub hub;
    private byte[] weights;
    private String commit;
    private final HubRepo repo = HubRepo.parse(HubRepo.Kind.MODEL, "org/tiny");

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        weights = new byte[10_000];
        new Random(7).nextBytes(weights);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", CONFIG.getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors", weights);
        files.put("sub/folder/notes.txt", "hi".getBytes(StandardCharsets.UTF_8));
        commit = hub.add("org/tiny", files, false);
        hub.add("org/gated", Map.of("config.json", CONFIG.getBytes(StandardCharsets.UTF_8)), true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(boolean offline, Optional<String> token) {
        return new HubClient(new HubSettings(hub.endpoint(), cacheRoot, cacheRoot.resolve("token"), token, offline),
                DownloadProgress.NONE);
    }

    private HubClient client() {
        return client(false, Optional.empty());
    }

    @Test
    void firstDownloadLaysTheCacheOutAsHuggingFaceHub() throws IOException {
        List<long[]> progress = new ArrayList<>();
        HubClient client = new HubClient(new HubSettings(hub.endpoint(), cacheRoot, cacheRoot.resolve("token"),
                Optional.empty(), false), (file, done, total) -> {
                    if (file.equals("model.safetensors")) progress.add(new long[] {done, total});
                });
        Path model = client.download(repo, "model.safetensors");
        Path config = client.download(repo, "config.json");

        Path folder = cacheRoot.resolve("models--org--tiny");
        assertEquals(folder.resolve("snapshots").resolve(commit).resolve("model.safetensors"), model);
        assertEquals(commit, Files.readString(folder.resolve("refs/main")));
        // LFS files are named by their SHA-256, git files by git's blob hash, both computed here independently
        String sha = FakeHub.sha256(weights);
        assertEquals(Path.of("../../blobs/" + sha), Files.readSymbolicLink(model));
        assertArrayEquals(weights, Files.readAllBytes(folder.resolve("blobs").resolve(sha)));
        String gitHash = FakeHub.gitBlobHash(CONFIG.getBytes(StandardCharsets.UTF_8));
        assertEquals(Path.of("../../blobs/" + gitHash), Files.readSymbolicLink(config));
        assertEquals(CONFIG, Files.readString(config));
        assertFalse(Files.exists(folder.resolve("blobs").resolve(sha + ".incomplete")));
        // HEAD on the resolve URL, then the bytes from where the LFS redirect points
        assertEquals(List.of("HEAD /org/tiny/resolve/main/model.safetensors", "GET /lfs/" + sha,
                "HEAD /org/tiny/resolve/main/config.json", "GET /org/tiny/resolve/main/config.json"), hub.requests());
        long[] last = progress.get(progress.size() - 1);
        assertArrayEquals(new long[] {weights.length, weights.length}, last);
    }

    @Test
    void nestedFilesLinkWithAsManyParentStepsAsFolders() throws IOException {
        Path notes = client().download(repo, "sub/folder/notes.txt");
        assertEquals(Path.of("../../../../blobs/" + FakeHub.gitBlobHash("hi".getBytes(StandardCharsets.UTF_8))),
                Files.readSymbolicLink(notes));
        assertEquals("hi", Files.readString(notes));
    }

    @Test
    void cachedFilesAreUsedWithoutASecondRequest() throws IOException {
        client().download(repo, "model.safetensors");
        int before = hub.requests().size();
        Path again = client().download(repo, "model.safetensors");
        assertEquals(before, hub.requests().size());
        assertArrayEquals(weights, Files.readAllBytes(again));
    }

    @Test
    void aConnectionCutMidFileIsResumedWithARangeRequest() throws IOException {
        hub.cutNextDownloads(1);
        Path model = client().download(repo, "model.safetensors");
        assertArrayEquals(weights, Files.readAllBytes(model));
        String sha = FakeHub.sha256(weights);
        List<String> gets = hub.requests().stream().filter(r -> r.startsWith("GET /lfs/")).toList();
        assertEquals(2, gets.size(), gets.toString());
        long received = Long.parseLong(gets.get(1).substring(gets.get(1).indexOf("bytes=") + 6, gets.get(1).length() - 1));
        assertTrue(received > 0 && received <= weights.length / 2, gets.toString());
        assertEquals("GET /lfs/" + sha + " bytes=" + received + "-", gets.get(1));
    }

    @Test
    void aDownloadThatKeepsBreakingKeepsItsPartAndTheNextRunResumes() throws IOException {
        hub.cutNextDownloads(HubClient.ATTEMPTS);
        HubException e = assertThrows(HubException.class, () -> client().download(repo, "model.safetensors"));
        assertTrue(e.getMessage().contains("broke off " + HubClient.ATTEMPTS + " times"), e.getMessage());
        Path partial = cacheRoot.resolve("models--org--tiny/blobs/" + FakeHub.sha256(weights) + ".incomplete");
        long kept = Files.size(partial);
        assertTrue(kept > weights.length / 2 && kept < weights.length, "kept " + kept);

        Path model = client().download(repo, "model.safetensors");
        assertArrayEquals(weights, Files.readAllBytes(model));
        List<String> requests = hub.requests();
        assertEquals("GET /lfs/" + FakeHub.sha256(weights) + " bytes=" + kept + "-", requests.get(requests.size() - 1));
    }

    @Test
    void bytesThatDoNotMatchTheirSha256AreRefused() throws IOException {
        hub.corruptDownloads(true);
        HubException e = assertThrows(HubException.class, () -> client().download(repo, "model.safetensors"));
        assertTrue(e.getMessage().contains("checksum mismatch for model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains(FakeHub.sha256(weights)), e.getMessage());
        Path blobs = cacheRoot.resolve("models--org--tiny/blobs");
        try (var files = Files.list(blobs)) {
            assertEquals(List.of(), files.toList());
        }
        assertFalse(Files.exists(cacheRoot.resolve("models--org--tiny/snapshots/" + commit + "/model.safetensors")));
    }

    @Test
    void offlineModeNamesWhatIsMissingAndSendsNothing() throws IOException {
        HubException e = assertThrows(HubException.class, () -> client(true, Optional.empty()).download(repo, "config.json"));
        assertTrue(e.getMessage().startsWith("org/tiny@main: missing from the Hugging Face cache ("), e.getMessage());
        assertTrue(e.getMessage().contains("): config.json; "), e.getMessage());
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE=1"), e.getMessage());
        assertEquals(List.of(), hub.requests());

        client().download(repo, "config.json");
        int before = hub.requests().size();
        assertEquals(CONFIG, Files.readString(client(true, Optional.empty()).download(repo, "config.json")));
        assertEquals(before, hub.requests().size());
    }

    @Test
    void aGatedRepositoryWithoutTokenSaysHowToGetAccess() throws IOException {
        HubRepo gated = HubRepo.parse(HubRepo.Kind.MODEL, "org/gated");
        HubException e = assertThrows(HubException.class, () -> client().download(gated, "config.json"));
        assertTrue(e.getMessage().contains("org/gated@main is gated"), e.getMessage());
        assertTrue(e.getMessage().contains("set HF_TOKEN"), e.getMessage());
        assertTrue(e.getMessage().contains(hub.endpoint() + "/org/gated"), e.getMessage());

        Path config = client(false, Optional.of(FakeHub.TOKEN)).download(gated, "config.json");
        assertEquals(CONFIG, Files.readString(config));
        assertEquals("Bearer " + FakeHub.TOKEN, hub.authorizations().get(hub.authorizations().size() - 1));
    }

    @Test
    void unknownRepositoryRevisionAndFileAreNamed() {
        HubException repoMissing = assertThrows(HubException.class,
                () -> client().download(HubRepo.parse(HubRepo.Kind.MODEL, "org/nothing"), "config.json"));
        assertTrue(repoMissing.getMessage().contains("private, gated or does not exist"), repoMissing.getMessage());
        HubException revision = assertThrows(HubException.class, () -> client().download(repo.at("v9"), "config.json"));
        assertTrue(revision.getMessage().contains("no revision 'v9'"), revision.getMessage());
        HubException file = assertThrows(HubClient.MissingFile.class, () -> client().download(repo, "vocab.txt"));
        assertEquals("org/tiny@main: no file vocab.txt in this revision", file.getMessage());
        // remembered in .no_exist as huggingface_hub remembers it: asking again sends nothing
        assertTrue(Files.isRegularFile(cacheRoot.resolve("models--org--tiny/.no_exist").resolve(commit).resolve("vocab.txt")));
        int before = hub.requests().size();
        assertThrows(HubClient.MissingFile.class, () -> client().download(repo, "vocab.txt"));
        assertEquals(before, hub.requests().size());
    }

    @Test
    void aCacheFilledByHuggingFaceHubIsReadWithoutAnyRequest() throws IOException {
        // the layout Python's huggingface_hub writes, made here by hand
        String pythonCommit = "0123456789abcdef0123456789abcdef01234567";
        Path folder = cacheRoot.resolve("models--org--python");
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), pythonCommit);
        Files.createDirectories(folder.resolve("blobs"));
        Files.writeString(folder.resolve("blobs/abc123"), CONFIG);
        Path snapshot = Files.createDirectories(folder.resolve("snapshots").resolve(pythonCommit));
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/abc123"));

        Path config = client().download(HubRepo.parse(HubRepo.Kind.MODEL, "org/python"), "config.json");
        assertEquals(CONFIG, Files.readString(config));
        Path byCommit = client().download(HubRepo.parse(HubRepo.Kind.MODEL, "org/python@" + pythonCommit), "config.json");
        assertEquals(config, byCommit);
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void anUnreachableHubIsNamedWithWhatToDo() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HubClient client = new HubClient(new HubSettings(java.net.URI.create("http://127.0.0.1:" + port), cacheRoot,
                cacheRoot.resolve("token"), Optional.empty(), false), DownloadProgress.NONE);
        HubException e = assertThrows(HubException.class, () -> client.download(repo, "config.json"));
        assertTrue(e.getMessage().startsWith("org/tiny@main: cannot reach 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("set HF_HUB_OFFLINE=1"), e.getMessage());
    }

    @Test
    void concurrentDownloadsOfOneFileInOneProcessWaitForEachOther() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Path>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> client().download(repo, "model.safetensors")));
            }
            for (var f : futures) {
                assertArrayEquals(weights, Files.readAllBytes(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hub.requests().stream().filter(r -> r.startsWith("GET /lfs/")).count(), hub.requests().toString());
    }

    @Test
    void theListingGivesCommitAndFiles() throws IOException {
        RepoListing listing = client().listing(repo);
        assertEquals(new RepoListing(commit, List.of("config.json", "model.safetensors", "sub/folder/notes.txt")), listing);
        assertEquals(List.of("GET /api/models/org/tiny/revision/main"), hub.requests());
        assertThrows(HubException.class, () -> client(true, Optional.empty()).listing(repo));
    }

    @Test
    void revisionsAndFileNamesArePercentEncodedAsPythonQuotes() {
        HubClient client = client();
        assertEquals(hub.endpoint() + "/org/tiny/resolve/refs%2Fpr%2F1/a%20b/c.json",
                client.resolveUrl(repo.at("refs/pr/1"), "a b/c.json").toString());
        assertEquals(hub.endpoint() + "/datasets/nyu-mll/glue/resolve/main/cola/train-00000-of-00001.parquet",
                client.resolveUrl(HubRepo.parse(HubRepo.Kind.DATASET, "nyu-mll/glue"), "cola/train-00000-of-00001.parquet")
                        .toString());
    }

    @Test
    void etagsAreNormalisedAsInHuggingFaceHub() {
        assertEquals("abc", HubClient.normalizeEtag("W/\"abc\""));
        assertEquals("abc", HubClient.normalizeEtag("\"abc\""));
    }
}
