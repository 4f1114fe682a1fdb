package dev.headcount.report;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Readable, unique experiment ids: the model's short name, the UTC time and four random hex digits, e.g.
 * {@code all-minilm-l6-v2-20250501-093000-3fa9}. Always a valid experiment id (letters, digits, '.', '_', '-').
 */
public final class ExperimentIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExperimentIds() {
    }

    public static String generate(String model, Instant now) {
        return slug(model) + "-" + TIME.format(now) + "-" + String.format(Locale.ROOT, "%04x", RANDOM.nextInt(0x10000));
    }

    /** {@code builtin:all-MiniLM-L6-v2} → {@code all-minilm-l6-v2}; {@code /data/models/roberta/} → {@code roberta}. */
    static String slug(String model) {
        String name = model == null ? "" : model.strip();
        while (name.endsWith("/") || name.endsWith("\\")) {
            name = name.substring(0, name.length() - 1);
        }
        name = name.substring(Math.max(name.lastIndexOf(':'), Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'))) + 1);
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("[-.]+$", "");
        }
        return slug.isEmpty() ? "exp" : slug;
    }
}
