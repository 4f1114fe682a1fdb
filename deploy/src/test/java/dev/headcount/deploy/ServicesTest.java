package dev.headcount.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the test reads a service's application.properties: SmallRye's rules, on hand-written configurations. */
class ServicesTest {

    private static Services parse(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return Services.parse("svc", true, p, "test");
    }

    @Test
    void channelsTopicsGroupsAndCommitsFollowSmallRye() throws Exception {
        Services s = parse("""
                quarkus.http.port=8081
                mp.messaging.incoming.work.connector=smallrye-kafka
                mp.messaging.incoming.work.topics=a, b
                mp.messaging.incoming.work.group.id=g
                mp.messaging.incoming.live.connector=smallrye-kafka
                mp.messaging.incoming.live.topic=c
                mp.messaging.incoming.live.group.id=g-live-${quarkus.uuid}
                mp.messaging.incoming.live.commit-strategy=ignore
                mp.messaging.incoming.named.connector=smallrye-kafka
                mp.messaging.incoming.named.group.id=g
                %test.mp.messaging.incoming.extra.connector=smallrye-kafka
                %test.mp.messaging.incoming.extra.topic=test-only
                mp.messaging.outgoing.out.connector=smallrye-kafka
                mp.messaging.outgoing.out.topic=d
                headcount.kafka.produces=e,  f
                """);
        assertEquals(8081, s.port());
        assertEquals(Set.of("a", "b", "c", "named"), s.consumes(), "a channel without topic(s) reads the topic named like it; profiles are ignored");
        assertEquals("g", s.group());
        assertEquals(Set.of("a", "b", "named"), s.committedTopics(), "commit-strategy=ignore: that group never commits, KEDA must not watch it");
        assertEquals(Set.of("d", "e", "f"), s.writes());
        var live = s.incoming().stream().filter(c -> c.name().equals("live")).findFirst().orElseThrow();
        assertTrue(live.perReplicaGroup());
        assertEquals("g-live-", live.groupPrefix());
        assertFalse(live.commits());
    }

    @Test
    void aChannelWithoutGroupIsAClearError() {
        var e = assertThrows(IllegalStateException.class, () -> parse("""
                quarkus.http.port=1
                mp.messaging.incoming.x.connector=smallrye-kafka
                mp.messaging.incoming.x.topic=t
                """));
        assertTrue(e.getMessage().contains("test: incoming channel 'x' sets no group.id"), e.getMessage());
    }

    @Test
    void theRealServicesReadWhatTheirPropertiesSay() {
        Services scorer = Services.ALL.stream().filter(s -> s.name().equals("scorer-service")).findFirst().orElseThrow();
        assertEquals(Set.of("headcount.scoring-jobs"), scorer.committedTopics());
        assertEquals("scorer", scorer.group());
        Services report = Services.ALL.stream().filter(s -> s.name().equals("report-service")).findFirst().orElseThrow();
        assertEquals("report", report.group(), "the dashboard's per-replica groups do not commit");
        assertEquals(8080, report.port());
        assertTrue(report.writes().containsAll(Set.of("headcount.scoring-jobs", "headcount.pruning-jobs", "headcount.finetune-jobs")),
                "the report-service hands units out: " + report.writes());
        Services finetuner = Services.ALL.stream().filter(s -> s.name().equals("finetune-service")).findFirst().orElseThrow();
        assertEquals(Set.of("headcount.finetune-jobs"), finetuner.consumes(), "one channel, finetune-in");
        assertEquals("finetuner", finetuner.group());
    }
}
