package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An order of heads, least important first: by a task's importance map ({@code task:builtin/spam}) or
 * random with a seed ({@code random:3}), the baseline. In JSON a ranking is its name.
 *
 * @param task the task whose importance orders the heads ({@code null} for random)
 * @param seed the seed of a random ranking (ignored for task rankings)
 */
public record Ranking(String task, long seed) {
    private static final String TASK = "task:";
    private static final String RANDOM = "random:";

    public Ranking {
        if (task != null && !TaskSpec.isValidName(task)) {
            throw new IllegalArgumentException("ranking task '" + task + "' is not a task name");
        }
        if (task != null) {
            seed = 0;
        }
    }

    public static Ranking byTask(String task) {
        return new Ranking(task, 0);
    }

    public static Ranking random(long seed) {
        return new Ranking(null, seed);
    }

    public boolean isRandom() {
        return task == null;
    }

    @JsonCreator
    public static Ranking parse(String name) {
        if (name != null && name.startsWith(TASK)) {
            return byTask(name.substring(TASK.length()));
        }
        if (name != null && name.startsWith(RANDOM)) {
            try {
                return random(Long.parseLong(name.substring(RANDOM.length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("random ranking '" + name + "' needs an integer seed");
            }
        }
        throw new IllegalArgumentException("ranking '" + name + "' must be task:<task> or random:<seed>");
    }

    @JsonValue
    public String name() {
        return isRandom() ? RANDOM + seed : TASK + task;
    }

    @Override
    public String toString() {
        return name();
    }
}
