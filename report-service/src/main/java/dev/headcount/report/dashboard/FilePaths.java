package dev.headcount.report.dashboard;

import java.util.List;

/**
 * Which relative paths a download may name: plain names below the report directory, nothing that could reach
 * outside it. Checked on the text before any file system call; {@link ReportFiles} checks the resolved path too.
 */
public final class FilePaths {
    private FilePaths() {
    }

    /** Why {@code path} is refused, or {@code null} when it may be served. */
    public static String problem(String path) {
        String shown = path == null ? "" : path.replaceAll("\\p{Cntrl}", "?");
        String rule = "file path '" + shown + "' must be a relative path inside the experiment's report directory "
                + "(no '..', no leading '/', no '\\\\', no hidden names)";
        if (path == null || path.isBlank()) {
            return "file path is empty";
        }
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0 || path.contains(":")) {
            return rule;
        }
        for (String segment : List.of(path.split("/", -1))) {
            if (segment.isEmpty() || segment.startsWith(".")) { // "", ".", "..", and hidden or temporary files
                return rule;
            }
        }
        return null;
    }
}
