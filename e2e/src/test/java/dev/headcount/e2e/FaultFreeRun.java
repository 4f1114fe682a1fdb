package dev.headcount.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.DirectoryArtifactStore;
import dev.headcount.events.StoredRequests;
import dev.headcount.events.WorkPlan;
import java.time.Duration;

/**
 * The fault-free run of the tiny request that the fault tests compare with: {@link PipelineEndToEndIT}'s experiment
 * when it completed in this JVM (it runs first in the whole suite), else one of their own, run once per system.
 */
final class FaultFreeRun {
    static final String OWN = "e2e-faults-baseline";

    private FaultFreeRun() {
    }

    /** The id of a completed fault-free experiment of {@link TinyExperiments#request()}, running one if need be. */
    static String id(RunningSystem system) throws Exception {
        for (String id : new String[] {PipelineEndToEndIT.EXPERIMENT, OWN}) {
            JsonNode status = system.experiment(id);
            if (status != null && status.get("status").asText().equals("completed")) {
                return id;
            }
        }
        var submitted = system.submit(TinyExperiments.request(OWN));
        if (submitted.statusCode() != 202) {
            throw new AssertionError("the fault-free run was refused: " + submitted.statusCode() + " "
                    + submitted.body());
        }
        JsonNode finished = system.awaitFinished(OWN, Duration.ofMinutes(30));
        if (!finished.get("status").asText().equals("completed")) {
            throw new AssertionError("the fault-free run did not complete: " + finished.toPrettyString());
        }
        return OWN;
    }

    /** The units of the tiny request (the same for every experiment id), from the fault-free run's stored plan. */
    static WorkPlan work(RunningSystem system, String id) throws java.io.IOException {
        return WorkPlan.of(StoredRequests.plan(new DirectoryArtifactStore(system.stack().artifactRoot()), id));
    }
}
