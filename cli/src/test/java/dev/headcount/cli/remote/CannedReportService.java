package dev.headcount.cli.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the report-service: a JDK HTTP server on 127.0.0.1 answering {@code METHOD path[?query]} with
 * canned bodies (the shapes the real service returns, from {@code src/test/resources/report-service/}). A route
 * may hold several answers, given in turn (the last one repeats), to play an experiment moving on.
 */
public final class CannedReportService implements AutoCloseable {

    /** One answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }

        public static Answer problem(int status, String problem) {
            return new Answer(status, "application/json", "{\"problems\":[\"" + problem + "\"]}");
        }
    }

    /** A request as received. */
    public record Received(String method, String target, String accept, String body, String authorization) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public CannedReportService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A body from {@code src/test/resources/report-service/}. */
    public static String resource(String name) {
        try (InputStream in = CannedReportService.class.getResourceAsStream("/report-service/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource report-service/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code method target} with these, in turn. */
    public CannedReportService on(String method, String target, Answer... answers) {
        routes.put(method + " " + target, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), target,
                exchange.getRequestHeaders().getFirst("Accept"), body,
                exchange.getRequestHeaders().getFirst("Authorization")));
        Deque<Answer> answers = routes.get(exchange.getRequestMethod() + " " + target);
        Answer answer;
        if (answers == null) {
            answer = Answer.problem(404, "no route " + target + " in the canned service");
        } else {
            synchronized (answers) {
                answer = answers.size() > 1 ? answers.poll() : answers.peek();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
