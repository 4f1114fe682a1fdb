package dev.headcount.e2e;

import dev.headcount.localstack.ServiceProcesses;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Polls every service's readiness ({@code /q/health/ready}) on a thread of its own, twice a second, and keeps every
 * answer with its time: a service is ready when it answers 200 within the probe's timeout, as a Kubernetes readiness
 * probe would see it; an error status, a refused connection or no answer in time is not ready.
 */
final class ReadinessWatch implements AutoCloseable {
    /** Longer than a Kubernetes probe's 1 s: a busy two-core machine must not read as an outage of its own. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** One answer: when (System.nanoTime), whether ready, and the body (the failing checks) when not. */
    record Sample(long nanos, boolean ready, String detail) {
    }

    private final ServiceProcesses services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    private ReadinessWatch(ServiceProcesses services) {
        this.services = services;
        services.names().forEach(name -> samples.put(name, new ArrayList<>()));
        this.thread = new Thread(this::poll, "readiness-watch");
        thread.setDaemon(true);
    }

    static ReadinessWatch start(ServiceProcesses services) {
        ReadinessWatch watch = new ReadinessWatch(services);
        watch.thread.start();
        return watch;
    }

    private void poll() {
        while (!stopped) {
            // one thread per service: every service is asked at the same moment, also when one check hangs (a
            // database ping) until the probe's timeout
            List<Thread> probes = new ArrayList<>();
            for (String name : services()) {
                Thread probe = new Thread(() -> record(name, probe(name)), "readiness-" + name);
                probe.setDaemon(true);
                probe.start();
                probes.add(probe);
            }
            try {
                Thread.sleep(500);
                for (Thread probe : probes) {
                    probe.join();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample probe(String name) {
        long at = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    services.service(name).baseUri().resolve("/q/health/ready")).timeout(PROBE_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Sample(at, r.statusCode() == 200, r.statusCode() == 200 ? "" : r.statusCode() + " " + r.body());
        } catch (IOException e) {
            return new Sample(at, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(at, false, "interrupted");
        }
    }

    private synchronized void record(String name, Sample sample) {
        samples.get(name).add(sample);
    }

    /** The samples of {@code service} taken between {@code from} and {@code to} (System.nanoTime), in order. */
    synchronized List<Sample> between(String service, long from, long to) {
        return samples.get(service).stream().filter(s -> s.nanos() >= from && s.nanos() <= to).toList();
    }

    /** When {@code service} first answered ready at or after {@code from}, if it did. */
    synchronized OptionalLong firstReady(String service, long from) {
        return samples.get(service).stream().filter(s -> s.nanos() >= from && s.ready()).mapToLong(Sample::nanos)
                .findFirst();
    }

    /** Waits until every service has answered ready at or after {@code from}; returns when the last one did. */
    long awaitAllReady(long from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long last = 0;
            boolean all = true;
            for (String name : services()) {
                OptionalLong ready = firstReady(name, from);
                all &= ready.isPresent();
                last = Math.max(last, ready.orElse(0));
            }
            if (all) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not every service was ready again within " + timeout + ": " + summary(from));
    }

    synchronized List<String> services() {
        return List.copyOf(samples.keySet());
    }

    /** Each service's samples since {@code from}, condensed to its changes, for messages. */
    synchronized String summary(long from) {
        StringBuilder out = new StringBuilder();
        samples.forEach((name, list) -> {
            out.append("\n  ").append(name).append(':');
            Boolean last = null;
            for (Sample s : list) {
                if (s.nanos() >= from && (last == null || last != s.ready())) {
                    out.append(String.format(" %+.1fs %s", (s.nanos() - from) / 1e9, s.ready() ? "UP" : "DOWN ("
                            + abbreviate(s.detail()) + ")"));
                    last = s.ready();
                }
            }
        });
        return out.toString();
    }

    private static String abbreviate(String detail) {
        String flat = detail.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
