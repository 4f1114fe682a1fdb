package dev.headcount.engine.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/** Seeded, deterministic caps and train/dev splits. */
public final class Sampling {
    private Sampling() {
    }

    /** At most {@code cap} examples (0 = all), chosen by a seeded shuffle, kept in their original order. */
    public static <T> List<T> cap(List<T> items, int cap, long seed) {
        if (cap == 0 || items.size() <= cap) {
            return List.copyOf(items);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) indices.add(i);
        Collections.shuffle(indices, new Random(seed));
        List<Integer> chosen = new ArrayList<>(indices.subList(0, cap));
        Collections.sort(chosen);
        List<T> result = new ArrayList<>(cap);
        for (int index : chosen) result.add(items.get(index));
        return result;
    }

    /** A seeded shuffle, so training sees no ordering that the source happened to have. */
    public static <T> List<T> shuffled(Collection<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /**
     * Splits items into train and dev so that all items of a group land on the same side: groups
     * are sorted (so the result does not depend on input order), shuffled with the seed, and the
     * first groups go to dev until it holds at least {@code devFraction} of the items.
     */
    public static <T> GroupSplit<T> byGroup(List<T> items, Function<T, String> groupOf, double devFraction, long seed) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) groups.computeIfAbsent(groupOf.apply(item), g -> new ArrayList<>()).add(item);
        List<String> order = shuffled(new TreeSet<>(groups.keySet()), seed);
        long devTarget = Math.round(items.size() * devFraction);
        List<T> train = new ArrayList<>();
        List<T> dev = new ArrayList<>();
        List<String> devGroups = new ArrayList<>();
        for (String group : order) {
            if (dev.size() < devTarget) {
                dev.addAll(groups.get(group));
                devGroups.add(group);
            } else {
                train.addAll(groups.get(group));
            }
        }
        return new GroupSplit<>(train, dev, devGroups);
    }

    /** The two sides of a grouped split, and which groups went to dev. */
    public record GroupSplit<T>(List<T> train, List<T> dev, List<String> devGroups) {
    }
}
