package dev.headcount.report.access;

import dev.headcount.events.ExperimentRequest;
import dev.headcount.report.ReportConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What this deployment accepts beyond a request being valid ({@link ExperimentRequest#validate()}): the configured
 * maxima of tasks, fractions and random seeds, and the confinement of local files. Checked before anything is stored.
 *
 * @param confinement    where local files may be
 * @param maxTasks       most downstream tasks
 * @param maxFractions   most pruning fractions, and most fine-tune fractions
 * @param maxRandomSeeds most random rankings
 */
public record RequestRules(Confinement confinement, int maxTasks, int maxFractions, int maxRandomSeeds) {

    public static RequestRules of(ReportConfig config) {
        return new RequestRules(Confinement.of(config.confine().dataRoots(), config.confine().modelRoots()),
                config.limits().maxTasks(), config.limits().maxFractions(), config.limits().maxRandomSeeds());
    }

    /** Problems naming the field; empty when the request is within the limits and its files inside the roots. */
    public List<String> check(ExperimentRequest request) {
        List<String> problems = new ArrayList<>();
        atMost(problems, "downstreamTasks", "tasks", request.downstreamTasks().size(), maxTasks,
                "headcount.limits.max-tasks");
        atMost(problems, "pruningFractions", "fractions", request.pruningFractions().size(), maxFractions,
                "headcount.limits.max-fractions");
        atMost(problems, "finetuneFractions", "fractions", request.finetuneFractions().size(), maxFractions,
                "headcount.limits.max-fractions");
        int seeds = request.rankings().randomSeeds();
        if (seeds > maxRandomSeeds) {
            problems.add("rankings.randomSeeds is " + seeds + ", more than the limit of " + maxRandomSeeds
                    + " (headcount.limits.max-random-seeds)");
        }
        problems.addAll(confinement.check(request));
        return problems;
    }

    private static void atMost(List<String> problems, String field, String what, int count, int limit, String key) {
        if (count > limit) {
            problems.add(field + " has " + count + " " + what + ", more than the limit of " + limit + " (" + key + ")");
        }
    }
}
