package dev.headcount.report.figures;

import java.util.Locale;

/**
 * One figure of a report, drawn once ({@link Drawing}) and written as SVG and PNG.
 *
 * @param name      file name without extension, unique within a report (letters, digits, {@code . _ -})
 * @param placement the report section that links it
 * @param subject   the task (or evaluated task) a per-task figure belongs to; {@code null} for whole-report ones
 * @param alt       the Markdown image's alternative text
 * @param drawing   what it looks like
 */
public record Figure(String name, Placement placement, String subject, String alt, Drawing drawing) {
    public static final String DIRECTORY = "figures";

    public enum Placement { IMPORTANCE, LAYER_MASS, COHERENCE, PRUNING_CURVE, FINE_TUNING }

    public enum Format {
        SVG, PNG;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The standalone SVG document. */
    public String svg() {
        return drawing.svg();
    }

    /** The PNG image, at {@link Drawing#PNG_SCALE} times the SVG's size. */
    public byte[] png() {
        return drawing.png();
    }

    /** The path relative to the report, e.g. {@code figures/coherence.png}. */
    public String path(Format format) {
        return DIRECTORY + "/" + name + "." + format.extension();
    }

    /** The Markdown image line linking this figure in {@code format}. */
    public String markdown(Format format) {
        return "![" + alt.replace("[", "(").replace("]", ")").replaceAll("\\R", " ") + "](" + path(format) + ")";
    }
}
