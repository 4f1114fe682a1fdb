package dev.headcount.cli.simulate;

import dev.headcount.events.ExperimentRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs {@code headcount run} left in its runs directory ({@code runs/<yyyyMMdd-HHmmss>/report.json} by default):
 * the newest whose request has the plan of a given request and whose report records its units.
 *
 * @param latest the newest matching run with recorded units, if any
 * @param notes  what was passed over and why (matching runs without units, unreadable reports), for the output
 */
public record RecordedRuns(Optional<RecordedRun> latest, List<String> notes) {

    public RecordedRuns {
        notes = List.copyOf(notes);
    }

    public static RecordedRuns find(Path runsDirectory, ExperimentRequest request) throws IOException {
        List<String> notes = new ArrayList<>();
        if (!Files.isDirectory(runsDirectory)) {
            notes.add("no runs directory " + runsDirectory);
            return new RecordedRuns(Optional.empty(), notes);
        }
        List<RecordedRun> matching = new ArrayList<>();
        List<Path> reports;
        try (Stream<Path> dirs = Files.list(runsDirectory)) {
            reports = dirs.map(d -> d.resolve("report.json")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path report : reports) {
            try {
                RecordedRun run = RecordedRun.read(report);
                if (!run.samePlanAs(request)) {
                    continue;
                }
                if (run.unitsRecorded()) {
                    matching.add(run);
                } else {
                    notes.add(report + " has this plan but no unit timings (written before reports recorded units)");
                }
            } catch (IOException | RuntimeException unreadable) {
                notes.add("passed over " + report + ": " + unreadable.getMessage());
            }
        }
        // requestedAt is ISO-8601 UTC, which sorts as text; the directory name (the start time) breaks ties
        Optional<RecordedRun> latest = matching.stream().max(Comparator
                .comparing((RecordedRun r) -> r.requestedAt() == null ? "" : r.requestedAt())
                .thenComparing(r -> r.file().toString()));
        return new RecordedRuns(latest, notes);
    }
}
