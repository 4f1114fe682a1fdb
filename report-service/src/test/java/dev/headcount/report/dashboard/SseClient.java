package dev.headcount.report.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A minimal Server-Sent Events reader for tests: named events with JSON data, and keep-alive comments counted. */
final class SseClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Event(String name, JsonNode data) {
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    SseClient(HttpClient http, URI uri) {
        response = http.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            lines = r.body();
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (name != null || data.length() > 0) {
                        try {
                            events.add(new Event(name, JSON.readTree(data.toString())));
                        } catch (Exception e) {
                            events.add(new Event("unreadable", JSON.getNodeFactory().textNode(data.toString())));
                        }
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            }
        });
    }

    HttpResponse<Stream<String>> response() throws Exception {
        return response.get(30, TimeUnit.SECONDS);
    }

    /** The next event with this name (skipping others, which stay in {@link #seen()}). */
    Event next(String name, Duration timeout) throws InterruptedException {
        return next(e -> name.equals(e.name()), timeout, name);
    }

    Event next(Predicate<Event> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + what + " event within " + timeout + "; seen " + seen);
            }
            seen.add(e);
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    List<Event> seen() {
        return seen;
    }

    int comments() {
        return comments.get();
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
    }
}
