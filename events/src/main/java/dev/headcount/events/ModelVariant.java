package dev.headcount.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Which model a result is about, by name:
 * <ul>
 *   <li>{@code pretrained} — the checkpoint as given;</li>
 *   <li>{@code finetuned/<task>} — pretrained, fine-tuned on a downstream task;</li>
 *   <li>{@code pruned/<ranking>/<fraction>} — pretrained with the given fraction of heads removed in ranking order;</li>
 *   <li>{@code pruned-then-finetuned/<ranking>/<fraction>/<task>} — that pruned model, then fine-tuned.</li>
 * </ul>
 * Example: {@code pruned-then-finetuned/task:builtin/sotu/0.3/builtin/lt-acceptability}. Names are
 * unambiguous because task segments start with a letter and the fraction segment with a digit. In JSON a
 * variant is its name.
 *
 * @param ranking  for the pruned kinds, else {@code null}
 * @param fraction for the pruned kinds, the fraction of heads removed, else 0
 * @param task     for the fine-tuned kinds, the task name, else {@code null}
 */
public record ModelVariant(Kind kind, Ranking ranking, double fraction, String task) {
    private static final Pattern FRACTION = Pattern.compile("\\d+(\\.\\d+)?");

    public enum Kind {
        PRETRAINED("pretrained", false, false),
        FINETUNED("finetuned", false, true),
        PRUNED("pruned", true, false),
        PRUNED_THEN_FINETUNED("pruned-then-finetuned", true, true);

        private final String prefix;
        private final boolean pruned;
        private final boolean finetuned;

        Kind(String prefix, boolean pruned, boolean finetuned) {
            this.prefix = prefix;
            this.pruned = pruned;
            this.finetuned = finetuned;
        }

        public String prefix() {
            return prefix;
        }
    }

    public ModelVariant {
        if (kind == null) {
            throw new IllegalArgumentException("variant kind is missing");
        }
        if (kind.pruned) {
            if (ranking == null) {
                throw new IllegalArgumentException(kind.prefix + " variant needs a ranking");
            }
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException(kind.prefix + " variant fraction must be in [0, 1], was " + fraction);
            }
        } else {
            ranking = null;
            fraction = 0;
        }
        if (kind.finetuned) {
            if (!TaskSpec.isValidName(task)) {
                throw new IllegalArgumentException(kind.prefix + " variant needs a task name, got '" + task + "'");
            }
        } else {
            task = null;
        }
    }

    public static final ModelVariant PRETRAINED = new ModelVariant(Kind.PRETRAINED, null, 0, null);

    public static ModelVariant pretrained() {
        return PRETRAINED;
    }

    public static ModelVariant finetuned(String task) {
        return new ModelVariant(Kind.FINETUNED, null, 0, task);
    }

    public static ModelVariant pruned(Ranking ranking, double fraction) {
        return new ModelVariant(Kind.PRUNED, ranking, fraction, null);
    }

    public static ModelVariant prunedThenFinetuned(Ranking ranking, double fraction, String task) {
        return new ModelVariant(Kind.PRUNED_THEN_FINETUNED, ranking, fraction, task);
    }

    public boolean isPruned() {
        return kind.pruned;
    }

    public boolean isFinetuned() {
        return kind.finetuned;
    }

    /** The variant this one was fine-tuned from: {@code pretrained} or {@code pruned/…}; itself if not fine-tuned. */
    public ModelVariant base() {
        switch (kind) {
            case FINETUNED:
                return PRETRAINED;
            case PRUNED_THEN_FINETUNED:
                return pruned(ranking, fraction);
            default:
                return this;
        }
    }

    @JsonCreator
    public static ModelVariant parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("variant name is missing");
        }
        if (name.equals(Kind.PRETRAINED.prefix)) {
            return PRETRAINED;
        }
        int slash = name.indexOf('/');
        String prefix = slash < 0 ? name : name.substring(0, slash);
        String rest = slash < 0 ? "" : name.substring(slash + 1);
        try {
            if (prefix.equals(Kind.FINETUNED.prefix)) {
                return finetuned(rest);
            }
            if (prefix.equals(Kind.PRUNED.prefix)) {
                int last = rest.lastIndexOf('/');
                if (last < 0 || !FRACTION.matcher(rest.substring(last + 1)).matches()) {
                    throw new IllegalArgumentException("expected pruned/<ranking>/<fraction>");
                }
                return pruned(Ranking.parse(rest.substring(0, last)), Double.parseDouble(rest.substring(last + 1)));
            }
            if (prefix.equals(Kind.PRUNED_THEN_FINETUNED.prefix)) {
                String[] segments = rest.split("/", -1);
                for (int i = 1; i < segments.length - 1; i++) {
                    if (FRACTION.matcher(segments[i]).matches()) {
                        String ranking = String.join("/", java.util.Arrays.copyOfRange(segments, 0, i));
                        String task = String.join("/", java.util.Arrays.copyOfRange(segments, i + 1, segments.length));
                        return prunedThenFinetuned(Ranking.parse(ranking), Double.parseDouble(segments[i]), task);
                    }
                }
                throw new IllegalArgumentException("expected pruned-then-finetuned/<ranking>/<fraction>/<task>");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("variant '" + name + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("variant '" + name
                + "' must be pretrained, finetuned/<task>, pruned/<ranking>/<fraction> or pruned-then-finetuned/<ranking>/<fraction>/<task>");
    }

    @JsonValue
    public String name() {
        switch (kind) {
            case PRETRAINED:
                return kind.prefix;
            case FINETUNED:
                return kind.prefix + "/" + task;
            case PRUNED:
                return kind.prefix + "/" + ranking.name() + "/" + formatFraction(fraction);
            default:
                return kind.prefix + "/" + ranking.name() + "/" + formatFraction(fraction) + "/" + task;
        }
    }

    /** The name as a relative directory path: ':' (in ranking names) becomes '-' so any file system takes it. */
    public String path() {
        return name().replace(':', '-');
    }

    /** {@code 0.3}, {@code 0}, {@code 0.25}: the shortest decimal, so names are stable. */
    public static String formatFraction(double fraction) {
        return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return name();
    }
}
