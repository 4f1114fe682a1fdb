package dev.headcount.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

    private final ExperimentPlan plan = new ExperimentPlan("e1", ExperimentRequest.of("builtin:all-MiniLM-L6-v2",
            "builtin/sotu-pairs", "builtin/lt-acceptability", "builtin/spam"));

    @Test
    void storedRequestsReadBackAsPlans(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        ArtifactStore store = new DirectoryArtifactStore(root);
        ExperimentRequested requested = new ExperimentRequested("e1", plan.request(), java.time.Instant.EPOCH);
        StoredRequests.store(store, requested);
        assertEquals(plan, StoredRequests.plan(store, "e1"));
        var missing = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> StoredRequests.load(store, "e2"));
        assertTrue(missing.getMessage().contains("experiment e2 has no stored request"), missing.getMessage());
    }

    @Test
    void mapsAndFineTunesFollowTheChoreography() {
        assertEquals(List.of(new ExperimentPlan.MapKey(ModelVariant.pretrained(), "builtin/sotu-pairs"),
                new ExperimentPlan.MapKey(ModelVariant.finetuned("builtin/lt-acceptability"), "builtin/lt-acceptability"),
                new ExperimentPlan.MapKey(ModelVariant.finetuned("builtin/spam"), "builtin/spam")), plan.importanceMaps());
        // 2 fine-tunes of the pre-trained model + 2 fractions (0.3, 0.5) × 2 tasks pruned first
        assertEquals(6, plan.fineTunes().size());
        assertTrue(plan.fineTunes().contains(ModelVariant.prunedThenFinetuned(Ranking.byTask("builtin/sotu-pairs"), 0.3,
                "builtin/spam")));
        assertEquals(2, plan.prunedModels().size());
    }

    @Test
    void evaluationsCoverOwnTasksCrossTasksAndRandomBaselines() {
        List<ExperimentPlan.EvaluationKey> evaluations = plan.evaluations();
        // rankings: 3 by task + 5 random seeds (the default); fractions: 10
        // pre-training ranking: own + 2 downstream = 3 targets; each downstream ranking: own + pre-training = 2;
        // each random ranking: all 3 tasks
        assertEquals((3 + 2 + 2 + 5 * 3) * 10, evaluations.size());
        assertEquals(evaluations.size(), new HashSet<>(evaluations).size(), "no duplicates");
        assertTrue(evaluations.contains(new ExperimentPlan.EvaluationKey(ModelVariant.finetuned("builtin/spam"),
                Ranking.byTask("builtin/sotu-pairs"), 0.5, "builtin/spam")));
        assertTrue(evaluations.contains(new ExperimentPlan.EvaluationKey(ModelVariant.pretrained(),
                Ranking.byTask("builtin/spam"), 0.9, "builtin/sotu-pairs")));
    }
}
