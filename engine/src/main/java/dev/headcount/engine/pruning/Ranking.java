package dev.headcount.engine.pruning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An order of heads, least important first: the order in which they are pruned.
 *
 * @param name e.g. "mlm", "glue/rte", "random-seed-3"
 */
public record Ranking(String name, List<HeadId> order) {

    public Ranking {
        order = List.copyOf(order);
    }

    /** Ascending importance; ties broken by (layer, head) so the order is deterministic. */
    public static Ranking byImportance(String name, double[][] importance) {
        List<HeadId> heads = allHeads(importance.length, importance[0].length);
        heads.sort(Comparator.<HeadId>comparingDouble(id -> importance[id.layer()][id.head()])
                .thenComparing(Comparator.naturalOrder()));
        return new Ranking(name, heads);
    }

    /** A seeded random order (Fisher-Yates), the baseline every pruning curve is compared with. */
    public static Ranking random(long seed, int passes, int heads) {
        List<HeadId> order = allHeads(passes, heads);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            HeadId tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        return new Ranking("random-seed-" + seed, order);
    }

    /** The first {@code round(fraction × heads)} heads of the order. */
    public List<HeadId> leastImportant(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("pruning fraction must be in [0, 1], got " + fraction);
        }
        return order.subList(0, (int) Math.round(fraction * order.size()));
    }

    private static List<HeadId> allHeads(int passes, int heads) {
        List<HeadId> out = new ArrayList<>(passes * heads);
        for (int l = 0; l < passes; l++) {
            for (int h = 0; h < heads; h++) {
                out.add(new HeadId(l, h));
            }
        }
        return out;
    }
}
