package dev.headcount.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report-service's REST API as the command line uses it (see report-service/README.md): submit an
 * experiment, list and read experiments, fetch a report. Every failure becomes a {@link ReportServiceException}
 * whose message can be shown as it is: nothing listening, or the service's own {@code problems}.
 */
public final class ReportServiceClient {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The base URL without a trailing slash; may carry a path prefix (behind an ingress). */
    private final String base;
    private final HttpClient http;
    /** The service's bearer token, sent on every call; {@code null} for a service without one. */
    private final String token;

    private ReportServiceClient(String base, String token) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * @param option the option the URL came from, named in the error when it is not an http(s) URL
     */
    public static ReportServiceClient of(String url, String option) {
        return of(url, option, null);
    }

    /** A client that sends {@code Authorization: Bearer TOKEN} on every call ({@code token} may be null). */
    public static ReportServiceClient of(String url, String option, String token) {
        return new ReportServiceClient(checkedBase(url, option), token);
    }

    /**
     * The dashboard with the token in the fragment ({@code #token=...}): dashboard.js keeps it and sends it; a
     * fragment never reaches a server or its logs. Without a token, the dashboard URL itself.
     */
    public String dashboardUrlWithToken() {
        return token == null ? dashboardUrl() : dashboardUrl() + "#token=" + URLEncoder.encode(token,
                StandardCharsets.UTF_8);
    }

    /** {@code url} without trailing slashes, if it is an absolute http(s) URL with a host. */
    public static String checkedBase(String url, String option) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null) {
            throw new IllegalArgumentException(option + " must be an http:// or https:// URL such as " + DEFAULT_URL
                    + ", was '" + url + "'");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    /** The dashboard: the service's root page. */
    public String dashboardUrl() {
        return base + "/";
    }

    /** The page of one experiment on the dashboard. */
    public String experimentPage(String experimentId) {
        return base + "/experiment.html?id=" + segment(experimentId);
    }

    public String baseUrl() {
        return base;
    }

    /** {@code POST /experiments}; returns the experiment id. */
    public String submit(Object request) throws InterruptedException {
        String body;
        try {
            body = JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/experiments"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() / 100 != 2) {
            throw new ReportServiceException("the report-service refused the experiment: " + problems(answer)
                    + (answer.statusCode() == 401 ? " (give the service's token with --token or HEADCOUNT_AUTH_TOKEN)"
                    : ""), answer.statusCode(), null);
        }
        JsonNode id = parse(answer).path("experimentId");
        if (!id.isTextual()) {
            throw new ReportServiceException("the report-service accepted the experiment but named no experimentId: "
                    + answer.body(), answer.statusCode(), null);
        }
        return id.asText();
    }

    /** {@code GET /experiments}: newest first. */
    public JsonNode experiments() throws InterruptedException {
        return getJson("/experiments");
    }

    /** {@code GET /experiments/{id}}: status, progress, latest progress, results. */
    public JsonNode experiment(String experimentId) throws InterruptedException {
        return getJson("/experiments/" + segment(experimentId));
    }

    /** {@code GET /experiments/{id}/report?format=...}: the report as it stands, as text. */
    public String report(String experimentId, ReportFormat format) throws InterruptedException {
        HttpResponse<String> answer = get("/experiments/" + segment(experimentId) + "/report?format="
                + format.parameter(), format.mediaType());
        return ok(answer).body();
    }

    /** The JSON report, parsed. */
    public JsonNode reportJson(String experimentId) throws InterruptedException {
        return parse(ok(get("/experiments/" + segment(experimentId) + "/report?format=json", "application/json")));
    }

    private JsonNode getJson(String path) throws InterruptedException {
        return parse(ok(get(path, "application/json")));
    }

    private HttpResponse<String> get(String path, String accept) throws InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest timed = builder.build();
        try {
            return http.send(timed, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ReportServiceException(notListening(base), 0, e);
        } catch (IOException e) {
            throw new ReportServiceException("cannot reach the report-service at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 0, e);
        }
    }

    /** The message for a URL where nothing answers. */
    static String notListening(String base) {
        return "no report-service at " + base + " (start one with ./headcount run --keep-running, or with"
                + " ./headcount stack up and the report-service as in report-service/README.md)";
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer) {
        if (answer.statusCode() / 100 != 2) {
            throw new ReportServiceException(problems(answer) + (answer.statusCode() == 401
                    ? " (give the service's token with --token or HEADCOUNT_AUTH_TOKEN)" : ""), answer.statusCode(), null);
        }
        return answer;
    }

    /** The service's {@code {"problems": [...]}} joined, or the status and the start of the body. */
    private static String problems(HttpResponse<String> answer) {
        try {
            JsonNode problems = JSON.readTree(answer.body()).path("problems");
            if (problems.isArray() && !problems.isEmpty()) {
                List<String> texts = new ArrayList<>();
                problems.forEach(p -> texts.add(p.asText()));
                return String.join("; ", texts);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw answer
        }
        String body = answer.body() == null ? "" : answer.body().strip();
        return "HTTP " + answer.statusCode() + " from " + answer.request().uri()
                + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }

    private static JsonNode parse(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new ReportServiceException("the report-service answered " + answer.request().uri()
                    + " with something that is not JSON: " + e.getMessage(), answer.statusCode(), e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /** An id as one path segment. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
