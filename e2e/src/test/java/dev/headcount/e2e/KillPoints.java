package dev.headcount.e2e;

import dev.headcount.events.FineTuneProgress;
import dev.headcount.events.WorkDone;
import dev.headcount.events.WorkPlan;
import dev.headcount.events.WorkUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The kill points of the fault suite: five per service, each a moment of the tiny experiment
 * ({@link TinyExperiments}) that every run of it goes through, defined by what has been observed so far (the Nth
 * event of a kind, a line a worker logs as it starts a unit, a fine-tune's step). Which N, and how long after the
 * moment the kill comes, is drawn from a seed, one {@link Random} per point, so that a seed names the same points
 * on every machine and adding a point moves none of the others.
 */
final class KillPoints {
    static final String SCORER = "scorer-service";
    static final String PRUNER = "pruner-service";
    static final String FINETUNE = "finetune-service";
    static final String REPORT = "report-service";

    /** The end of a unit's name in the line a scorer logs as it starts the unit, not in the one as it is done. */
    private static final String STARTED = "(?!\\S)(?! done)";

    private final long seed;
    private final WorkPlan work;
    /** The draws so far of the service being built: its base (100 per service) plus its points' places. */
    private int drawn;

    /** @param work the tiny experiment's units (the same for every experiment id of its request) */
    KillPoints(long seed, WorkPlan work) {
        this.seed = seed;
        this.work = work;
    }

    /** Every kill point, five per service, in the order scorer, pruner, finetune, report. */
    List<KillPoint> all() {
        List<KillPoint> all = new ArrayList<>();
        all.addAll(scorer());
        all.addAll(pruner());
        all.addAll(finetune());
        all.addAll(report());
        return all;
    }

    /**
     * One point per service, in the order they come in one run, for one experiment killed four times (the fast subset
     * in the default e2e run): the report-service as it hands out the first units, the finetune-service mid-epoch,
     * then the pruner starting a curve of the fine-tuned model and the scorer scoring that model's map.
     */
    /**
     * Every point, in five runs of one point per service each (run r: the r-th point of each): what the whole suite
     * runs. One experiment per point would take about 20 × 6 min on a loaded two-core machine; the four points of a
     * run belong to four services and are watched at once ({@link KillRun}), so each is still killed at its own
     * moment.
     */
    List<List<KillPoint>> rounds() {
        List<KillPoint> s = scorer();
        List<KillPoint> p = pruner();
        List<KillPoint> f = finetune();
        List<KillPoint> r = report();
        List<List<KillPoint>> rounds = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            rounds.add(List.of(s.get(i), p.get(i), f.get(i), r.get(i)));
        }
        return rounds;
    }

    List<KillPoint> onePerService() {
        return List.of(report().get(0), finetune().get(1), pruner().get(3), scorer().get(4));
    }

    List<KillPoint> scorer() {
        drawn = 0; // the service's own draws, whichever method asked before
        int shards = work.shards();
        Random r1 = next();
        int k1 = r1.nextInt(shards); // shards count from 0 in unit names
        Random r5 = next();
        int k5 = r5.nextInt(shards); // shards count from 0 in unit names
        return List.of(
                logged(SCORER, "scoring shard " + k1 + "-of-" + shards + " of the pre-trained map",
                        ": score/pretrained/\\S*/" + k1 + "-of-" + shards + STARTED, 1, r1, 600),
                after(SCORER, "the pre-trained map's ImportanceMapCompleted (before its WorkDone)", "ImportanceMapCompleted",
                        s -> s.key().contains("/pretrained/"), 1, next(), 150),
                // the scorer logs no line as it starts a prune unit: its hand-out, then up to 2 s (pruning takes seconds)
                after(SCORER, "the prune unit handed out (pruning the pre-trained model)", "WorkRequested",
                        s -> s.key().contains("/prune/"), 1, next(), 2000),
                after(SCORER, "PrunedModelReady (before its WorkDone)", "PrunedModelReady", s -> true, 1, next(), 150),
                logged(SCORER, "scoring shard " + k5 + "-of-" + shards + " of the fine-tuned model's map",
                        ": score/finetuned/\\S*/" + k5 + "-of-" + shards + STARTED, 1, r5, 600));
    }

    List<KillPoint> pruner() {
        drawn = 100; // the service's own draws, whichever method asked before
        int curves = count(WorkUnit.Kind.EVALUATE);
        int points = work.plan().evaluations().size();
        Random r1 = next();
        int i = 1 + r1.nextInt(curves);
        Random r2 = next();
        int k = 1 + r2.nextInt(points - 1);
        Random r3 = next();
        int c = 1 + r3.nextInt(curves - 1);
        return List.of(
                logged(PRUNER, "curve " + i + " of " + curves + " starts evaluating", ": evaluate/\\S*: evaluating",
                        i, r1, 400),
                after(PRUNER, "after evaluation " + k + " of " + points, "MaskedModelEvaluated", s -> true, k, r2, 300),
                after(PRUNER, "after curve " + c + " of " + curves + " is done (its WorkDone)", "WorkDone",
                        s -> s.as(WorkDone.class).unit().kind() == WorkUnit.Kind.EVALUATE, c, r3, 300),
                logged(PRUNER, "a curve of the fine-tuned model starts evaluating",
                        ": evaluate/finetuned/\\S*: evaluating", 1, next(), 400),
                after(PRUNER, "after the fine-tuned model's first evaluation", "MaskedModelEvaluated",
                        s -> s.key().contains("/finetuned/"), 1, next(), 300));
    }

    List<KillPoint> finetune() {
        drawn = 200; // the service's own draws, whichever method asked before
        Random r2 = next();
        int k2 = 1 + r2.nextInt(3);
        Random r4 = next();
        int k4 = 1 + r4.nextInt(3);
        return List.of(
                logged(FINETUNE, "finetuned/<task> starts training", ": fine-tuning finetuned/", 1, next(), 800),
                step(FINETUNE, "finetuned/<task> mid-epoch at step " + k2, false, k2, r2),
                after(FINETUNE, "finetuned/<task>'s ModelFineTuned (before its WorkDone)", "ModelFineTuned",
                        s -> s.key().contains("/finetuned/"), 1, next(), 150),
                step(FINETUNE, "pruned-then-finetuned mid-epoch at step " + k4, true, k4, r4),
                after(FINETUNE, "pruned-then-finetuned's ModelFineTuned (before its WorkDone)", "ModelFineTuned",
                        s -> s.key().contains("/pruned-then-finetuned/"), 1, next(), 150));
    }

    List<KillPoint> report() {
        drawn = 300; // the service's own draws, whichever method asked before
        int first = work.atStart().size();
        int maps = work.plan().importanceMaps().size();
        int points = work.plan().evaluations().size();
        int units = work.units().size();
        Random r2 = next();
        int h = 1 + r2.nextInt(first);
        Random r3 = next();
        int m = 1 + r3.nextInt(maps);
        Random r4 = next();
        int k = 1 + r4.nextInt(points);
        return List.of(
                after(REPORT, "right after ExperimentRequested (consuming it, handing out the first units)",
                        "ExperimentRequested", s -> true, 1, next(), 300),
                after(REPORT, "handing out the first units, after " + h + " of " + first, "WorkRequested", s -> true,
                        h, r2, 100),
                after(REPORT, "aggregating map " + m + " of " + maps + " and handing out what it unlocks",
                        "ImportanceMapCompleted", s -> true, m, r3, 300),
                after(REPORT, "aggregating evaluation " + k + " of " + points, "MaskedModelEvaluated", s -> true, k, r4,
                        300),
                after(REPORT, "after the last of " + units + " units is done (writing the report)", "WorkDone",
                        s -> true, units, next(), 300));
    }

    private int count(WorkUnit.Kind kind) {
        return (int) work.units().stream().filter(u -> u.kind() == kind).count();
    }

    /** The next point's own generator: the seed and the point's place in the catalogue. */
    private Random next() {
        return new Random(seed * 1_000_003L + drawn++);
    }

    /**
     * Once {@code n} different events ({@link ExperimentEvents.Seen#identity}: a republished one counts once) of
     * {@code type} matching {@code which} were seen, then a drawn delay below {@code maxDelay}. */
    private static KillPoint after(String service, String point, String type, Predicate<ExperimentEvents.Seen> which,
                                   int n, Random random, int maxDelay) {
        long delay = random.nextInt(maxDelay);
        return new KillPoint(service, point + ", +" + delay + " ms",
                w -> w.events().facts(w.experimentId(), s -> s.type().equals(type) && which.test(s)) >= n, delay);
    }

    /**
     * Once {@code service}'s log has {@code n} lines, since the experiment began, of the experiment followed by what
     * {@code regex} gives (a regular expression; {@code $} ends the line), then a drawn delay below {@code maxDelay}.
     */
    private static KillPoint logged(String service, String point, String regex, int n, Random random, int maxDelay) {
        long delay = random.nextInt(maxDelay);
        return new KillPoint(service, point + ", +" + delay + " ms",
                w -> w.logLines(service, Pattern.quote(w.experimentId()) + regex) >= n, delay);
    }

    /** Once a fine-tune (pruned first or not) reported step {@code step}, or finished, then a drawn delay. */
    private static KillPoint step(String service, String point, boolean pruned, int step, Random random) {
        long delay = random.nextInt(200);
        Predicate<String> variant = name -> name.startsWith("pruned-then-finetuned/") == pruned;
        return new KillPoint(service, point + ", +" + delay + " ms",
                w -> !w.events().of(w.experimentId(), s -> (s.type().equals("FineTuneProgress")
                        && s.as(FineTuneProgress.class).step() >= step
                        && variant.test(s.as(FineTuneProgress.class).variant().name()))
                        || (s.type().equals("ModelFineTuned")
                        && variant.test(s.key().substring(s.key().indexOf('/') + 1)))).isEmpty(), delay);
    }
}
