package dev.headcount.report.figures;

/**
 * One drawn figure of a report.
 *
 * @param name      file name without extension, unique within a report (letters, digits, {@code . _ -})
 * @param placement the report section that links it
 * @param subject   the task (or evaluated task) a per-task figure belongs to; {@code null} for whole-report ones
 * @param alt       the Markdown image's alternative text
 * @param svg       the standalone SVG document
 */
public record Figure(String name, Placement placement, String subject, String alt, String svg) {
    public static final String DIRECTORY = "figures";

    public enum Placement { IMPORTANCE, LAYER_MASS, COHERENCE, PRUNING_CURVE, FINE_TUNING }

    /** The path relative to the report, e.g. {@code figures/coherence.svg}. */
    public String path() {
        return DIRECTORY + "/" + name + ".svg";
    }

    /** The Markdown image line linking this figure. */
    public String markdown() {
        return "![" + alt.replace("[", "(").replace("]", ")").replaceAll("\\R", " ") + "](" + path() + ")";
    }
}
