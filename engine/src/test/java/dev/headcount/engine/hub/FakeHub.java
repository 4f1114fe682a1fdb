package dev.headcount.engine.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face Hub on 127.0.0.1 for tests, answering as the real one does: {@code HEAD/GET
 * /[datasets/]{repo}/resolve/{revision}/{file}} with {@code X-Repo-Commit} and an {@code ETag} (the git
 * blob hash) for small files, a 302 to {@code /lfs/{sha256}} with {@code X-Linked-Etag} and
 * {@code X-Linked-Size} for LFS files, {@code Range} requests on the LFS store, the
 * {@code /api/{models|datasets}/{repo}/revision/{revision}} listing, 401 with {@code X-Error-Code:
 * GatedRepo} for a gated repository without the token, 404 {@code EntryNotFound}, and on request a
 * connection cut mid-file or bytes that do not match their announced SHA-256.
 */
public final class FakeHub implements AutoCloseable {

    public static final String TOKEN = "hf_fake_token_for_tests";
    /** Files at least this long are stored as LFS files, as the Hub does for weights and parquet files. */
    public static final int LFS_THRESHOLD = 64;

    private record Repo(String commit, Map<String, byte[]> files, boolean gated) {
    }

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> lfs = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile boolean corrupt;

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a repository ({@code datasets/ORG/NAME} for a data set) at a commit derived from its name and files. */
    public String add(String key, Map<String, byte[]> files, boolean gated) {
        String commit = sha1(key + files.keySet()).substring(0, 40);
        repos.put(key, new Repo(commit, new LinkedHashMap<>(files), gated));
        files.forEach((name, bytes) -> {
            if (bytes.length >= LFS_THRESHOLD) lfs.put(sha256(bytes), bytes);
        });
        return commit;
    }

    /** The next {@code n} LFS downloads send half their bytes and drop the connection. */
    public void cutNextDownloads(int n) {
        cutsLeft.set(n);
    }

    /** LFS downloads flip a byte, so that they no longer match their SHA-256. */
    public void corruptDownloads(boolean value) {
        corrupt = value;
    }

    /** "METHOD PATH" and, for range requests, " RANGE", in arrival order. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(exchange.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        boolean authorized = ("Bearer " + TOKEN).equals(auth);
        if (path.startsWith("/lfs/")) {
            serveLfs(exchange, path.substring("/lfs/".length()), range);
            return;
        }
        if (path.startsWith("/api/")) {
            String rest = path.substring("/api/".length());
            String prefix = rest.startsWith("datasets/") ? "datasets/" : "";
            rest = rest.substring(rest.indexOf('/') + 1);
            int at = rest.indexOf("/revision/");
            Repo repo = repos.get(prefix + rest.substring(0, at));
            if (refuse(exchange, repo, authorized, decode(rest.substring(at + "/revision/".length())))) return;
            StringBuilder json = new StringBuilder("{\"id\":\"" + rest.substring(0, at) + "\",\"sha\":\"" + repo.commit()
                    + "\",\"siblings\":[");
            List<String> names = new ArrayList<>(repo.files().keySet());
            for (int i = 0; i < names.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"rfilename\":\"").append(names.get(i)).append("\"}");
            }
            byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        int resolve = path.indexOf("/resolve/");
        if (resolve < 0) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        Repo repo = repos.get(path.substring(1, resolve));
        String afterResolve = path.substring(resolve + "/resolve/".length());
        int slash = afterResolve.indexOf('/');
        if (refuse(exchange, repo, authorized, decode(afterResolve.substring(0, slash)))) return;
        String file = decode(afterResolve.substring(slash + 1));
        byte[] bytes = repo.files().get(file);
        exchange.getResponseHeaders().set("X-Repo-Commit", repo.commit());
        if (bytes == null) {
            exchange.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (bytes.length >= LFS_THRESHOLD) {
            String sha = sha256(bytes);
            exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
            exchange.getResponseHeaders().set("X-Linked-Size", Long.toString(bytes.length));
            exchange.getResponseHeaders().set("ETag", "\"" + gitBlobHash(bytes) + "\"");
            exchange.getResponseHeaders().set("Location", endpoint() + "/lfs/" + sha);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + gitBlobHash(bytes) + "\"");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(bytes.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Answers as the Hub does for an unknown or gated repository or revision; true when it answered. */
    private static boolean refuse(HttpExchange exchange, Repo repo, boolean authorized, String revision) throws IOException {
        if (repo == null) {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            exchange.sendResponseHeaders(401, -1);
            return true;
        }
        if (repo.gated() && !authorized) {
            exchange.getResponseHeaders().set("X-Error-Code", "GatedRepo");
            exchange.getResponseHeaders().set("X-Error-Message", "Access to this model is restricted.");
            exchange.sendResponseHeaders(401, -1);
            return true;
        }
        if (!revision.equals("main") && !revision.equals(repo.commit())) {
            exchange.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
            exchange.sendResponseHeaders(404, -1);
            return true;
        }
        return false;
    }

    private void serveLfs(HttpExchange exchange, String sha, String range) throws IOException {
        byte[] bytes = lfs.get(sha);
        if (bytes == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (corrupt) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 1;
        }
        int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        if (range != null) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        int length = bytes.length - from;
        exchange.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream body = exchange.getResponseBody();
        if (cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            body.write(bytes, from, length / 2);
            body.flush();
            // the handler fails: the server drops the connection with the body half sent
            throw new IOException("connection cut by the fake Hub");
        }
        body.write(bytes, from, length);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    /** Git's object name of a file: SHA-1 of {@code "blob <size>\0"} followed by the content. */
    public static String gitBlobHash(byte[] bytes) {
        byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        return digest("SHA-1", all);
    }

    private static String sha1(String text) {
        return digest("SHA-1", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
