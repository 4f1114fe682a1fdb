package dev.headcount.report.report;

import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentPlan;
import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.ImportanceMapFile;
import dev.headcount.metrics.coherence.GateGradientRows;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each map's per-unit gate gradients for {@link ExperimentSnapshot#unitRows()}, read from its file in the artifact
 * store (they are too large for an event): one reader for the report-service and the in-process run, so both
 * resample the same rows.
 */
public final class MapUnitRows {
    private static final System.Logger LOG = System.getLogger(MapUnitRows.class.getName());

    private MapUnitRows() {
    }

    /**
     * A map whose file is missing, unreadable, changed since its event or older than unit rows is left out: the
     * report shows its point estimates without intervals.
     */
    public static Map<ExperimentPlan.MapKey, GateGradientRows> read(ArtifactStore store, String experimentId,
                                                                    List<ImportanceMapCompleted> maps) {
        Map<ExperimentPlan.MapKey, GateGradientRows> rows = new HashMap<>();
        for (ImportanceMapCompleted map : maps) {
            try {
                // a map announced with a digest is read from the file it named, checked, so that the rows come
                // from the file the matrices came from; older maps from where the layout puts them
                ImportanceMapFile file = map.sha256() != null ? ImportanceMapFile.readAnnouncedFile(store, map)
                        : ImportanceMapFile.read(store, experimentId, map.variant(), map.task()).orElse(null);
                if (file != null && file.unitRows() != null && file.unitRows().length > 0) {
                    rows.put(new ExperimentPlan.MapKey(map.variant(), map.task()),
                            new GateGradientRows(file.layers(), file.heads(), file.unitRows()));
                }
            } catch (IOException | RuntimeException unreadable) {
                LOG.log(System.Logger.Level.WARNING, String.format("experiment %s: the unit rows of the %s map on %s "
                        + "are not readable (%s); its figures go without intervals", experimentId, map.task(),
                        map.variant(), unreadable.getMessage()));
            }
        }
        return rows;
    }
}
