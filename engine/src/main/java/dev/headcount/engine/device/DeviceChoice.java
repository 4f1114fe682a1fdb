package dev.headcount.engine.device;

import java.util.Locale;

/** What the user asked for: a GPU when one is visible ({@code auto}), the CPU, or a GPU or nothing. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    public static DeviceChoice parse(String value, String where) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown device '" + value + "'; expected auto, cpu or gpu");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
