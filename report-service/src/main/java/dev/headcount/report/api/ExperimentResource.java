package dev.headcount.report.api;

import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ExperimentRequested;
import dev.headcount.report.ExperimentIds;
import dev.headcount.report.ExperimentService;
import dev.headcount.report.ReportConfig;
import dev.headcount.report.access.AccessFilter;
import dev.headcount.report.access.RequestRules;
import dev.headcount.report.aggregation.Completion;
import dev.headcount.report.report.ExperimentReport;
import dev.headcount.report.report.MarkdownReport;
import dev.headcount.report.report.ReportJson;
import dev.headcount.report.store.Collections;
import dev.headcount.report.store.ResultsRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.vertx.core.http.HttpServerRequest;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The experiment API: submit a request, list experiments, follow one, read its report (JSON or Markdown).
 * Errors are JSON objects {@code {"problems": [...]}}.
 */
@Path("/experiments")
public class ExperimentResource {
    public static final String MARKDOWN = "text/markdown";
    private static final MediaType MARKDOWN_TYPE = MediaType.valueOf(MARKDOWN + ";charset=UTF-8");

    @Inject
    ExperimentService service;
    @Inject
    ResultsRepository repository;
    @Inject
    ReportConfig config;

    private volatile RequestRules rules;
    /** One lock per client, so that two submissions of one client cannot both pass its limit of experiments. */
    private final ConcurrentMap<String, Object> clientLocks = new ConcurrentHashMap<>();

    /**
     * Refusals, in order, each before anything is stored or published: 413 for a body over the size limit, 400 for
     * everything wrong with the request (every problem at once), 429 when the client has its limit of experiments
     * running, 409 for an id taken by another request; 503 from a service in replay mode. The token was checked by
     * {@link AccessFilter}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(String body, @Context UriInfo uri, @Context HttpServerRequest http) throws IOException {
        if (config.report().replay()) {
            return problems(Response.Status.SERVICE_UNAVAILABLE, List.of("this report-service is replaying the topics "
                    + "into its database (headcount.report.replay=true) and publishes nothing: submit to the "
                    + "report-service that is not replaying"));
        }
        int limit = config.limits().maxBodyBytes();
        // a body sent without Content-Length (chunked) was not measured by the filter
        if (body != null && body.length() > limit / 3) {
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                return AccessFilter.refusal(Response.Status.REQUEST_ENTITY_TOO_LARGE, AccessFilter.tooLarge(bytes, limit));
            }
        }
        RequestBody parsed = RequestBody.parse(body);
        List<String> refused = new java.util.ArrayList<>(parsed.problems());
        if (parsed.request() != null) {
            refused.addAll(rules().check(parsed.request()));
        }
        if (!refused.isEmpty()) {
            return problems(Response.Status.BAD_REQUEST, refused);
        }
        Instant now = Instant.now();
        String experimentId = parsed.experimentId() != null ? parsed.experimentId()
                : ExperimentIds.generate(parsed.request().model(), now);
        ExperimentRequested requested = new ExperimentRequested(experimentId, parsed.request(), now);
        String client = client(http);
        ExperimentService.Submission outcome;
        synchronized (clientLocks.computeIfAbsent(client, c -> new Object())) {
            // the same request again under its id is not one more experiment: only new ones count
            if (parsed.experimentId() == null || repository.experiment(experimentId).isEmpty()) {
                long running = repository.runningOf(client);
                int allowed = config.limits().inFlightPerClient();
                if (running >= allowed) {
                    return problems(Response.Status.TOO_MANY_REQUESTS, List.of("client " + client + " has " + running
                            + " experiments running, the limit is " + allowed
                            + " (headcount.limits.in-flight-per-client): submit again when one has finished"));
                }
            }
            outcome = service.submit(requested, client);
        }
        if (outcome == ExperimentService.Submission.CONFLICT) {
            return problems(Response.Status.CONFLICT, List.of("experiment '" + experimentId
                    + "' exists with a different request; choose another experimentId or leave it out"));
        }
        ExperimentPlan plan = ExperimentPlan.of(requested);
        Completion expected = Completion.expected(plan);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("experimentId", experimentId);
        answer.put("status", ResultsRepository.RUNNING);
        answer.put("expected", Map.of("importanceMaps", expected.maps().expected(),
                "evaluations", expected.evaluations().expected(), "fineTunes", expected.fineTunes().expected(),
                "prunedModels", expected.prunedModels().expected()));
        answer.put("links", links(experimentId));
        return Response.accepted(answer).location(URI.create("/experiments/" + experimentId)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        return repository.experiments().stream().map(ExperimentResource::summary).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        Optional<Document> experiment = repository.experiment(id);
        if (experiment.isEmpty()) {
            return notFound(id);
        }
        Document doc = experiment.get();
        ExperimentPlan plan = service.plan(id).orElseThrow();
        Completion completion = service.completion(plan);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("experimentId", id);
        view.put("status", doc.getString("status"));
        view.putAll(Views.experimentFacts(doc));
        view.put("progress", progress(completion));
        view.put("waitingFor", completion.missing());
        view.put("latestProgress", Views.value(doc.get("progress")));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("importance", Views.of(repository.ofExperiment(Collections.IMPORTANCE, id), Set.of()));
        results.put("evaluations", Views.of(repository.ofExperiment(Collections.EVALUATIONS, id),
                Set.of("headsRemoved")));
        results.put("fineTunes", Views.of(repository.ofExperiment(Collections.FINETUNES, id), Set.of()));
        results.put("prunedModels", Views.of(repository.ofExperiment(Collections.PRUNED_MODELS, id),
                Set.of("prunedHeads")));
        results.put("coherence", Views.of(repository.ofExperiment(Collections.COHERENCE, id), Set.of()));
        results.put("prunability", Views.of(repository.ofExperiment(Collections.PRUNABILITY, id), Set.of()));
        view.put("results", results);
        view.put("links", links(id));
        return Response.ok(view).build();
    }

    /** The newest progress events of the experiment (at most {@code limit}, default 100), newest first. */
    @GET
    @Path("{id}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public Response progress(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
        if (repository.experiment(id).isEmpty()) {
            return notFound(id);
        }
        int n = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return Response.ok(Views.of(repository.progress(id, n), Set.of())).build();
    }

    /**
     * The report as it stands (complete once the experiment is): JSON by default, Markdown for
     * {@code Accept: text/markdown} or {@code ?format=md}.
     */
    @GET
    @Path("{id}/report")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    public Response report(@PathParam("id") String id, @QueryParam("format") String format,
                           @Context HttpHeaders headers) {
        boolean markdown;
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(java.util.Locale.ROOT);
            if (f.equals("md") || f.equals("markdown")) {
                markdown = true;
            } else if (f.equals("json")) {
                markdown = false;
            } else {
                return problems(Response.Status.BAD_REQUEST, List.of("format must be json or md, was '" + format + "'"));
            }
        } else {
            markdown = prefersMarkdown(headers.getAcceptableMediaTypes());
        }
        Optional<ExperimentReport> report = service.report(id);
        if (report.isEmpty()) {
            return notFound(id);
        }
        return markdown ? Response.ok(MarkdownReport.render(report.get()), MARKDOWN_TYPE).build()
                : Response.ok(ReportJson.write(report.get()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Acceptable types come sorted by preference: the first that names JSON or Markdown decides. */
    static boolean prefersMarkdown(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("markdown")) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> summary(Document doc) {
        Map<String, Object> summary = new LinkedHashMap<>();
        String id = doc.getString("experimentId");
        summary.put("experimentId", id);
        summary.put("model", doc.getString("model"));
        summary.put("pretrainingTask", doc.getString("pretrainingTask"));
        summary.put("downstreamTasks", doc.get("downstreamTasks"));
        summary.put("status", doc.getString("status"));
        Document expected = doc.get("expected", Document.class);
        Document done = doc.get("done", Document.class);
        Map<String, Object> progress = new LinkedHashMap<>();
        for (String stage : List.of("maps", "evaluations", "fineTunes", "prunedModels")) {
            progress.put(stage.equals("maps") ? "importanceMaps" : stage, Map.of(
                    "done", done == null ? 0 : done.getInteger(stage, 0),
                    "expected", expected == null ? 0 : expected.getInteger(stage, 0)));
        }
        summary.put("progress", progress);
        summary.put("requestedAt", Views.value(doc.get("requestedAt")));
        summary.put("completedAt", Views.value(doc.get("completedAt")));
        summary.put("failedAt", Views.value(doc.get("failedAt")));
        summary.put("links", links(id));
        return summary;
    }

    private RequestRules rules() {
        RequestRules r = rules;
        if (r == null) {
            r = RequestRules.of(config);
            rules = r;
        }
        return r;
    }

    /** The client an experiment counts against: its remote address. */
    private static String client(HttpServerRequest http) {
        if (http == null || http.remoteAddress() == null) {
            return "unknown";
        }
        String host = http.remoteAddress().hostAddress();
        return host == null ? http.remoteAddress().toString() : host;
    }

    private static Map<String, Object> progress(Completion completion) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("importanceMaps", count(completion.maps()));
        progress.put("evaluations", count(completion.evaluations()));
        progress.put("fineTunes", count(completion.fineTunes()));
        progress.put("prunedModels", count(completion.prunedModels()));
        return progress;
    }

    private static Map<String, Integer> count(Completion.StageCount count) {
        return Map.of("done", count.done(), "expected", count.expected());
    }

    private static Map<String, String> links(String id) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/experiments/" + id);
        links.put("report", "/experiments/" + id + "/report");
        links.put("reportMarkdown", "/experiments/" + id + "/report?format=md");
        links.put("progress", "/experiments/" + id + "/progress");
        links.put("stream", "/experiments/" + id + "/stream");
        links.put("figures", "/experiments/" + id + "/figures");
        links.put("files", "/experiments/" + id + "/files");
        links.put("dashboard", "/experiment.html?id=" + id);
        return links;
    }

    private static Response notFound(String id) {
        return problems(Response.Status.NOT_FOUND, List.of("no experiment '" + id + "'"));
    }

    static Response problems(Response.Status status, List<String> problems) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("problems", problems))
                .build();
    }
}
