package dev.headcount.report.report;

import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.events.Provenance;
import dev.headcount.report.report.ExperimentReport.EvaluationProvenance;
import dev.headcount.report.report.ExperimentReport.FineTuneProvenance;
import dev.headcount.report.report.ExperimentReport.MapProvenance;
import dev.headcount.report.report.ExperimentReport.ProvenanceSection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** The provenance section of a report: every stored result's provenance, as its event carries it. Pure. */
final class ReportProvenance {
    private ReportProvenance() {
    }

    static ProvenanceSection of(ExperimentSnapshot snapshot) {
        List<MapProvenance> maps = snapshot.maps().stream().filter(m -> m.provenance() != null)
                .sorted(Comparator.comparing(ImportanceMapCompleted::task).thenComparing(m -> m.variant().name()))
                .map(m -> new MapProvenance(m.task(), m.variant().name(), m.provenance())).toList();
        List<FineTuneProvenance> fineTunes = snapshot.fineTunes().stream().filter(f -> f.provenance() != null)
                .sorted(Comparator.comparing(f -> f.variant().name()))
                .map(f -> new FineTuneProvenance(f.variant().name(), f.provenance())).toList();
        List<EvaluationProvenance> evaluations = snapshot.evaluations().stream().filter(e -> e.provenance() != null)
                .sorted(Comparator.comparing((MaskedModelEvaluated e) -> e.baseVariant().name())
                        .thenComparing(e -> e.ranking().name()).thenComparing(MaskedModelEvaluated::evaluatedTask)
                        .thenComparingDouble(MaskedModelEvaluated::fraction))
                .map(e -> new EvaluationProvenance(e.baseVariant().name(), e.ranking().name(), e.fraction(),
                        e.evaluatedTask(), e.provenance())).toList();
        List<Provenance> all = Stream.of(snapshot.maps().stream().map(ImportanceMapCompleted::provenance),
                        snapshot.fineTunes().stream().map(ModelFineTuned::provenance),
                        snapshot.evaluations().stream().map(MaskedModelEvaluated::provenance))
                .flatMap(s -> s).toList();
        Set<Provenance.Code> codes = new LinkedHashSet<>();
        Set<Provenance.Platform> platforms = new LinkedHashSet<>();
        all.stream().filter(Objects::nonNull).forEach(p -> {
            codes.add(p.code());
            platforms.add(p.platform());
        });
        int without = (int) all.stream().filter(Objects::isNull).count();
        return new ProvenanceSection(new ArrayList<>(codes), new ArrayList<>(platforms), maps, fineTunes, evaluations,
                without);
    }
}
