package dev.headcount.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rankings the pruner evaluates: each task's own importance (pre-training and downstream), and
 * {@code randomSeeds} random rankings (seeds 0 … N-1) as the baseline.
 *
 * @param byTaskImportance rank by every task's importance map (default true)
 * @param randomSeeds      number of random rankings (default 5: the random baseline is drawn as a band over seeds)
 */
public record RankingOptions(Boolean byTaskImportance, Integer randomSeeds) {
    public static final RankingOptions DEFAULTS = new RankingOptions(null, null);

    public RankingOptions {
        byTaskImportance = byTaskImportance == null ? Boolean.TRUE : byTaskImportance;
        randomSeeds = randomSeeds == null ? Integer.valueOf(5) : randomSeeds;
    }

    /** The rankings for these tasks, task rankings first. */
    public List<Ranking> rankings(List<String> taskNames) {
        List<Ranking> rankings = new ArrayList<>();
        if (byTaskImportance) {
            taskNames.forEach(task -> rankings.add(Ranking.byTask(task)));
        }
        for (int seed = 0; seed < randomSeeds; seed++) {
            rankings.add(Ranking.random(seed));
        }
        return rankings;
    }

    void check(List<String> problems) {
        if (randomSeeds < 0 || randomSeeds > 100) {
            problems.add("rankings.randomSeeds must be in [0, 100], was " + randomSeeds);
        }
        if (!byTaskImportance && randomSeeds == 0) {
            problems.add("rankings: no ranking left (byTaskImportance is false and randomSeeds is 0)");
        }
    }
}
