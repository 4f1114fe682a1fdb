package dev.headcount.report.dashboard;

import dev.headcount.events.HeadcountEvent;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.report.ReportConfig;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order of a stream: the snapshot first, then what happened while it was read, then the rest, live. */
class DashboardStreamsTest {

    @Test
    void eventsPublishedWhileTheSnapshotIsReadFollowIt() throws Exception {
        DashboardStreams streams = new DashboardStreams();
        streams.live = new LiveEvents();
        streams.config = config(Duration.ofMillis(200));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AssertSubscriber<StreamMessage> client = streams.open(event -> event.experimentId().equals("a"), () -> {
            reading.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return new EchoFeed();
        }).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        assertTrue(reading.await(10, TimeUnit.SECONDS));
        streams.live.publish(progress("a", 1));
        streams.live.publish(progress("b", 1)); // another experiment's
        release.countDown();
        awaitMessages(client, 2);
        streams.live.publish(progress("a", 2));
        awaitMessages(client, 3);
        assertEquals(List.of("snapshot", "1", "2"), messages(client).stream().map(StreamMessage::name).toList());

        // keep-alive comments come on their own
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getItems().stream().noneMatch(StreamMessage::keepAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(client.getItems().stream().anyMatch(StreamMessage::keepAlive));
        client.cancel();
    }

    private static List<StreamMessage> messages(AssertSubscriber<StreamMessage> client) {
        return client.getItems().stream().filter(m -> !m.keepAlive()).toList();
    }

    private static void awaitMessages(AssertSubscriber<StreamMessage> client, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages(client).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, messages(client).size(), messages(client).toString());
    }

    private static Progress progress(String experiment, long done) {
        return new Progress(experiment, "scorer-service", Stage.SCORE, "pretrained", done, 10, null);
    }

    /** Names each message after the progress count it was made of. */
    private static final class EchoFeed implements Feed {
        @Override
        public StreamMessage snapshot() {
            return new StreamMessage("snapshot", Map.of());
        }

        @Override
        public List<StreamMessage> on(HeadcountEvent event) {
            return List.of(new StreamMessage(Long.toString(((Progress) event).done()), Map.of()));
        }
    }

    static ReportConfig config(Duration keepAlive) {
        return new ReportConfig() {
            @Override
            public String artifactRoot() {
                return "/tmp";
            }

            @Override
            public Mongo mongodb() {
                return null;
            }

            @Override
            public Report report() {
                return null;
            }

            @Override
            public Kafka kafka() {
                return null;
            }

            @Override
            public Auth auth() {
                return null;
            }

            @Override
            public Confine confine() {
                return null;
            }

            @Override
            public Limits limits() {
                return null;
            }

            @Override
            public Dashboard dashboard() {
                return new Dashboard() {
                    @Override
                    public Duration keepAlive() {
                        return keepAlive;
                    }

                    @Override
                    public int streamBuffer() {
                        return 64;
                    }
                };
            }
        };
    }
}
