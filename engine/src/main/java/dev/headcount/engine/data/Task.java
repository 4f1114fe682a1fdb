package dev.headcount.engine.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task with its data. Every task has a "train" and a "dev" split; some have more
 * (MNLI's "dev_mismatched").
 */
public record Task(TaskSpec spec, Map<String, List<Example>> splits) {
    public static final String TRAIN = "train";
    public static final String DEV = "dev";

    public Task {
        Map<String, List<Example>> copy = new LinkedHashMap<>();
        splits.forEach((name, examples) -> copy.put(name, List.copyOf(examples)));
        for (String required : List.of(TRAIN, DEV)) {
            if (!copy.containsKey(required)) {
                throw new IllegalArgumentException("task " + spec.name() + " has no " + required + " split");
            }
        }
        splits = java.util.Collections.unmodifiableMap(copy);
    }

    public static Task of(TaskSpec spec, List<Example> train, List<Example> dev) {
        Map<String, List<Example>> splits = new LinkedHashMap<>();
        splits.put(TRAIN, train);
        splits.put(DEV, dev);
        return new Task(spec, splits);
    }

    public String name() {
        return spec.name();
    }

    public List<Example> train() {
        return splits.get(TRAIN);
    }

    public List<Example> dev() {
        return splits.get(DEV);
    }

    public List<Example> split(String name) {
        List<Example> split = splits.get(name);
        if (split == null) {
            throw new IllegalArgumentException("task " + spec.name() + " has no split '" + name + "'; it has " + splits.keySet());
        }
        return split;
    }
}
