package dev.headcount.report.report;

import dev.headcount.report.figures.Figure;
import dev.headcount.report.figures.ReportFigures;
import dev.headcount.report.tables.CsvTable;
import dev.headcount.report.tables.ReportTables;

import java.awt.AWTError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file of a written report, relative to the report's directory, in the order to write them:
 * {@code report.json}, the CSV tables, the figures (SVG and PNG), and {@code report.md} last, so that it never
 * links a file that is not there yet. Pure apart from drawing the PNGs.
 */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";
    private static final System.Logger LOG = System.getLogger(ReportFiles.class.getName());

    private ReportFiles() {
    }

    public record ReportFile(String path, byte[] content) {
    }

    public static List<ReportFile> of(ExperimentReport report) {
        List<ReportFile> files = new ArrayList<>();
        files.add(text(JSON, ReportJson.write(report)));
        List<CsvTable> tables = ReportTables.of(report);
        tables.forEach(table -> files.add(text(table.fileName(), table.csv())));
        List<Figure> figures = ReportFigures.of(report);
        figures.forEach(figure -> files.add(text(figure.path(Figure.Format.SVG), figure.svg())));
        List<ReportFile> pngs = pngs(figures);
        files.addAll(pngs);
        Figure.Format linked = pngs.size() == figures.size() ? Figure.Format.PNG : Figure.Format.SVG;
        MarkdownReport.Attachments attachments = new MarkdownReport.Attachments(figures, linked, tables);
        files.add(text(MARKDOWN, MarkdownReport.render(report, attachments)));
        return files;
    }

    /**
     * The figures as PNG; none when Java2D cannot draw here (a JRE without fonts or native AWT libraries, as
     * in some slim container images): the report then links the SVGs instead of failing.
     */
    static List<ReportFile> pngs(List<Figure> figures) {
        List<ReportFile> pngs = new ArrayList<>();
        try {
            for (Figure figure : figures) {
                pngs.add(new ReportFile(figure.path(Figure.Format.PNG), figure.png()));
            }
            return pngs;
        } catch (RuntimeException | LinkageError | AWTError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot draw PNG figures here; the report links the SVG figures", e);
            return List.of();
        }
    }

    private static ReportFile text(String path, String content) {
        return new ReportFile(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
