package dev.headcount.report.dashboard;

import dev.headcount.events.ExperimentCompleted;
import dev.headcount.events.ExperimentFailed;
import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.HeadImportanceScored;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.Progress;
import dev.headcount.events.Stage;
import dev.headcount.report.TinyExperiment;
import dev.headcount.report.store.DocumentIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentFeedTest {
    private static final String EXP = "feed-exp";
    private final TinyExperiment tiny = new TinyExperiment(EXP);

    private ExperimentFeed feed(Set<String> maps) {
        return new ExperimentFeed(tiny.plan, "running", Map.of("model", "builtin:all-MiniLM-L6-v2"), maps, Set.of(),
                Set.of(), Set.of());
    }

    @Test
    void theSnapshotCarriesStatusCountsAndFacts() {
        String stored = DocumentIds.map(EXP, tiny.plan.modelFor(TinyExperiment.PRETRAINING), TinyExperiment.PRETRAINING);
        StreamMessage snapshot = feed(Set.of(stored)).snapshot();
        assertEquals(StreamMessage.SNAPSHOT, snapshot.name());
        Map<?, ?> data = (Map<?, ?>) snapshot.data();
        assertEquals("running", data.get("status"));
        assertEquals("builtin:all-MiniLM-L6-v2", data.get("model"));
        Map<?, ?> counts = (Map<?, ?>) data.get("counts");
        assertEquals(Map.of("done", 1, "expected", 2), counts.get("importanceMaps"));
        assertEquals(Map.of("done", 0, "expected", 24), counts.get("evaluations"));
        assertEquals(false, counts.get("complete"));
        assertTrue(snapshot.json().contains("\"experimentId\":\"feed-exp\""), snapshot.json());
        assertTrue(!snapshot.json().contains("\n"), "one line of JSON per SSE data field");
    }

    @Test
    void unitsOfWorkAreCountedPerKindOncePerUnit() {
        dev.headcount.events.WorkUnit shard = dev.headcount.events.WorkUnit.score(
                dev.headcount.events.ModelVariant.pretrained(), TinyExperiment.PRETRAINING, 0, 4);
        dev.headcount.events.WorkUnit fineTune = dev.headcount.events.WorkUnit.fineTune(tiny.plan.fineTunes().get(0));
        ExperimentFeed feed = new ExperimentFeed(tiny.plan, "running", Map.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of(shard.id()));
        Map<?, ?> units = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) feed.snapshot().data()).get("counts")).get("units");
        assertEquals(Map.of("done", 1, "expected", 8), units.get("score"), "2 maps × 4 shards");
        assertEquals(Map.of("done", 0, "expected", 2), units.get("finetune"));
        java.time.Instant t = java.time.Instant.parse("2025-05-01T10:00:00Z");
        List<StreamMessage> done = feed.on(new dev.headcount.events.WorkDone(EXP, fineTune, "finetune-service@h:1", t,
                t.plusSeconds(9), false));
        assertEquals(List.of(StreamMessage.COUNTS), done.stream().map(StreamMessage::name).toList());
        assertEquals(Map.of("done", 1, "expected", 2),
                ((Map<?, ?>) ((Map<?, ?>) done.get(0).data()).get("units")).get("finetune"));
        // handled again (a redelivery, reused), or stored when the stream opened: nothing changes
        assertEquals(List.of(), feed.on(new dev.headcount.events.WorkDone(EXP, fineTune, "finetune-service@h:2",
                t.plusSeconds(20), t.plusSeconds(21), true)));
        assertEquals(List.of(), feed.on(new dev.headcount.events.WorkDone(EXP, shard, "scorer-service@h:3", t,
                t.plusSeconds(1), false)));
    }

    @Test
    void aResultAlreadyStoredOrSeenTwiceIsCountedOnce() {
        String stored = DocumentIds.map(EXP, tiny.plan.modelFor(TinyExperiment.PRETRAINING), TinyExperiment.PRETRAINING);
        ExperimentFeed feed = feed(Set.of(stored));
        // stored when the stream opened, then seen live: nothing changes
        assertEquals(List.of(), feed.on(tiny.map(TinyExperiment.PRETRAINING)));
        List<StreamMessage> second = feed.on(tiny.map(TinyExperiment.SPAM));
        assertEquals(List.of(StreamMessage.COUNTS, StreamMessage.RESULT), second.stream().map(StreamMessage::name).toList());
        assertEquals(Map.of("done", 2, "expected", 2), ((Map<?, ?>) second.get(0).data()).get("importanceMaps"));
        Map<?, ?> result = (Map<?, ?>) second.get(1).data();
        assertEquals("ImportanceMapCompleted", result.get("type"));
        assertEquals(tiny.map(TinyExperiment.SPAM).eventId(), result.get("eventId"));
        assertEquals(List.of(), feed.on(tiny.map(TinyExperiment.SPAM)), "redelivered");
    }

    @Test
    void everyResultOfTheTinyExperimentCompletesTheCounts() {
        ExperimentFeed feed = feed(Set.of());
        tiny.maps().forEach(feed::on);
        tiny.evaluations().forEach(feed::on);
        tiny.prunedModels().forEach(feed::on);
        List<StreamMessage> last = List.of();
        for (var fineTune : tiny.fineTunes()) {
            last = feed.on(fineTune);
        }
        Map<?, ?> counts = (Map<?, ?>) last.get(0).data();
        assertEquals(Map.of("done", 24, "expected", 24), counts.get("evaluations"));
        assertEquals(Map.of("done", 2, "expected", 2), counts.get("fineTunes"));
        assertEquals(Map.of("done", 1, "expected", 1), counts.get("prunedModels"));
        assertEquals(true, counts.get("complete"));
    }

    @Test
    void progressEventsBecomeProgressLinesWithTheLossAsANumber() {
        ExperimentFeed feed = feed(Set.of());
        List<StreamMessage> scoring = feed.on(new Progress(EXP, "scorer-service", Stage.SCORE, "pretrained", 16, 32,
                "scoring"));
        assertEquals(StreamMessage.PROGRESS, scoring.get(0).name());
        Map<?, ?> line = (Map<?, ?>) scoring.get(0).data();
        assertEquals("score", line.get("stage"));
        assertEquals(16L, line.get("done"));
        assertEquals(32L, line.get("total"));
        assertEquals("scoring", line.get("message"));

        ModelVariant pruned = tiny.plan.fineTunes().stream().filter(ModelVariant::isPruned).findFirst().orElseThrow();
        Map<?, ?> training = (Map<?, ?>) feed.on(new FineTuneProgress(EXP, pruned, 3, 4, 1, 0.6931, 5e-5, 12.5))
                .get(0).data();
        assertEquals("FineTuneProgress", training.get("type"));
        assertEquals("pruned-finetune", training.get("stage"));
        assertEquals(pruned.name(), training.get("variant"));
        assertEquals(0.6931, (Double) training.get("loss"), 1e-12);
        assertEquals(3L, training.get("step"));
        assertEquals("epoch 1, step 3 of 4, loss 0.6931", training.get("message"));

        Map<?, ?> diverged = (Map<?, ?>) feed.on(new FineTuneProgress(EXP, pruned, 4, 4, 1, Double.NaN, 0, 1))
                .get(0).data();
        assertNull(diverged.get("loss"), "NaN is no number in JSON");
    }

    @Test
    void statusMovesOnlyFromRunning() {
        ExperimentFeed feed = feed(Set.of());
        List<StreamMessage> failed = feed.on(new ExperimentFailed(EXP, "broken map", "report-service", "X", null,
                Instant.EPOCH));
        assertEquals(StreamMessage.STATUS, failed.get(0).name());
        assertEquals("failed", ((Map<?, ?>) failed.get(0).data()).get("status"));
        assertEquals("broken map", ((Map<?, ?>) failed.get(0).data()).get("reason"));
        assertEquals(List.of(), feed.on(new ExperimentCompleted(EXP, "file:/r/report.md", Instant.EPOCH)));
        assertEquals("failed", feed.status());

        ExperimentFeed running = feed(Set.of());
        Map<?, ?> done = (Map<?, ?>) running.on(new ExperimentCompleted(EXP, "file:/r/report.md", Instant.EPOCH))
                .get(0).data();
        assertEquals("completed", done.get("status"));
        assertEquals("file:/r/report.md", done.get("reportUri"));
    }

    @Test
    void perHeadScoresSayNothing() {
        assertEquals(List.of(), feed(Set.of()).on(new HeadImportanceScored(EXP, ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING, 0, 0, 1, 1, 1, 1, 1)));
    }

    @Test
    void theListFeedNamesTheExperimentOfEachChange() {
        ListFeed list = new ListFeed(List.of(Map.of("experimentId", EXP)));
        assertEquals(Map.of("experiments", List.of(Map.of("experimentId", EXP))), list.snapshot().data());
        Map<?, ?> changed = (Map<?, ?>) list.on(new ExperimentCompleted(EXP, "file:/r/report.md", Instant.EPOCH))
                .get(0).data();
        assertEquals(EXP, changed.get("experimentId"));
        assertEquals("completed", changed.get("status"));
        Map<?, ?> requested = (Map<?, ?>) list.on(tiny.requested()).get(0).data();
        assertNull(requested.get("status"), "a republished request says nothing about the status");
        Map<?, ?> progress = (Map<?, ?>) list.on(new Progress(EXP, "pruner-service", Stage.EVALUATE, "evaluations", 3,
                24, null)).get(0).data();
        assertEquals(EXP, progress.get("experimentId"));
        assertEquals("evaluate", progress.get("stage"));
        assertEquals(List.of(), list.on(new HeadImportanceScored(EXP, ModelVariant.pretrained(),
                TinyExperiment.PRETRAINING, 0, 0, 1, 1, 1, 1, 1)));
    }
}
