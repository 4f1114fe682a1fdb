package dev.headcount.report.api;

import dev.headcount.report.dashboard.DashboardStreams;
import dev.headcount.report.dashboard.ExperimentFeeds;
import dev.headcount.report.dashboard.ListFeed;
import dev.headcount.report.dashboard.LiveFigures;
import dev.headcount.report.dashboard.StoredFiles;
import dev.headcount.report.dashboard.StreamMessage;
import dev.headcount.report.figures.Figure;
import dev.headcount.report.store.ResultsRepository;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard pages read besides the experiment API: live event streams (Server-Sent Events), the
 * figures drawn from the results so far, and the files the report-service wrote. Thin: the work is in
 * {@code dev.headcount.report.dashboard}.
 */
@Path("/experiments")
public class DashboardResource {
    private static final String SVG = "image/svg+xml";

    @Inject
    DashboardStreams streams;
    @Inject
    ExperimentFeeds feeds;
    @Inject
    LiveFigures figures;
    @Inject
    StoredFiles files;
    @Inject
    ResultsRepository repository;

    /** Every experiment: the list, then progress lines and a {@code changed} message per lifecycle or result event. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> streamAll(@Context Sse sse) {
        return streams.open(event -> true, () -> new ListFeed(repository.experiments().stream()
                .map(ExperimentResource::summary).toList())).map(message -> sse(sse, message));
    }

    /** One experiment: a snapshot, then its progress lines, counts, results and final status as they happen. */
    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse) {
        if (!feeds.exists(id)) {
            throw new WebApplicationException(notFound(id));
        }
        return streams.open(event -> id.equals(event.experimentId()),
                () -> feeds.open(id).orElseThrow()).map(message -> sse(sse, message));
    }

    /** The figures that can be drawn from the results so far, in the report's order. */
    @GET
    @Path("{id}/figures")
    @Produces(MediaType.APPLICATION_JSON)
    public Response figureList(@PathParam("id") String id) {
        Optional<List<Figure>> drawn = figures.of(id);
        if (drawn.isEmpty()) {
            return notFound(id);
        }
        return Response.ok(drawn.get().stream().map(f -> LiveFigures.view(id, f)).toList()).cacheControl(noCache())
                .build();
    }

    @GET
    @Path("{id}/figures/{name: [A-Za-z0-9._-]+}.svg")
    @Produces(SVG)
    public Response figure(@PathParam("id") String id, @PathParam("name") String name) {
        if (repository.experiment(id).isEmpty()) {
            return notFound(id);
        }
        return figures.one(id, name).map(f -> Response.ok(f.svg(), SVG + ";charset=UTF-8").cacheControl(noCache()).build())
                .orElseGet(() -> ExperimentResource.problems(Response.Status.NOT_FOUND, List.of("experiment '" + id
                        + "' has no figure '" + name + "' (yet): see /experiments/" + id + "/figures")));
    }

    /** The files the report-service wrote beside the stored request (report, figures, …). */
    @GET
    @Path("{id}/files")
    @Produces(MediaType.APPLICATION_JSON)
    public Response fileList(@PathParam("id") String id) throws IOException {
        if (repository.experiment(id).isEmpty()) {
            return notFound(id);
        }
        List<Map<String, Object>> list = files.list(id).stream().map(file -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("path", file.path());
            view.put("size", file.size());
            view.put("contentType", file.contentType());
            view.put("url", "/experiments/" + id + "/files/" + file.path());
            return view;
        }).toList();
        return Response.ok(list).cacheControl(noCache()).build();
    }

    @GET
    @Path("{id}/files/{path: .+}")
    public Response file(@PathParam("id") String id, @PathParam("path") String path) throws IOException {
        if (repository.experiment(id).isEmpty()) {
            return notFound(id);
        }
        Optional<java.nio.file.Path> file;
        try {
            file = files.resolve(id, path);
        } catch (IllegalArgumentException e) {
            return ExperimentResource.problems(Response.Status.BAD_REQUEST, List.of(e.getMessage()));
        }
        if (file.isEmpty()) {
            return ExperimentResource.problems(Response.Status.NOT_FOUND, List.of("experiment '" + id
                    + "' has no file '" + path + "': see /experiments/" + id + "/files"));
        }
        String name = file.get().getFileName().toString();
        return Response.ok(file.get().toFile(), StoredFiles.contentType(name))
                .header("Content-Disposition", "inline; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff").cacheControl(noCache()).build();
    }

    private static OutboundSseEvent sse(Sse sse, StreamMessage message) {
        if (message.keepAlive()) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        return sse.newEventBuilder().name(message.name()).data(String.class, message.json()).build();
    }

    private static CacheControl noCache() {
        CacheControl cache = new CacheControl();
        cache.setNoCache(true);
        return cache;
    }

    private static Response notFound(String id) {
        return ExperimentResource.problems(Response.Status.NOT_FOUND, List.of("no experiment '" + id + "'"));
    }
}
