package dev.headcount.pipeline;

import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.BuiltinModels;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Example;
import dev.headcount.engine.provenance.ExampleFingerprint;
import dev.headcount.engine.provenance.ModelFingerprint;
import dev.headcount.engine.provenance.RuntimePlatform;
import dev.headcount.events.Provenance;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the events' {@link Provenance} from the engine's fingerprints: the one place where a model location, a
 * list of examples and the running platform become a provenance record (the workers and the command line use it).
 */
public final class Provenances {

    private Provenances() {
    }

    /**
     * The directory a model location stands for: a {@code file:} URI (as events carry artifact locations), a
     * built-in name (its converted directory in the cache) or a directory.
     */
    public static Path directory(String location) throws IOException {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return ModelSource.resolve(location);
    }

    /** The fingerprint of the model at {@code location}; for a built-in, with the Maven coordinates it came from. */
    public static Provenance.Model model(String location) throws IOException {
        return model(location, directory(location));
    }

    /** As {@link #model(String)} for a location already resolved to {@code directory}. */
    public static Provenance.Model model(String location, Path directory) throws IOException {
        ModelFingerprint fingerprint = ModelFingerprint.of(directory);
        String maven = BuiltinModels.isBuiltin(location) ? BuiltinModels.model(location).artifact().coordinates() : null;
        return new Provenance.Model(location, fingerprint.sha256(), fingerprint.files().stream()
                .map(f -> new Provenance.FileDigest(f.name(), f.bytes(), f.sha256())).toList(), maven);
    }

    /** The fingerprint of exactly {@code examples}, in this order. */
    public static Provenance.Data data(String task, String split, long seed, List<Example> examples) {
        return new Provenance.Data(task, split, seed, examples.size(), ExampleFingerprint.of(examples));
    }

    /** Every component of an options record as text, in declaration order (e.g. the engine's training config). */
    public static Map<String, String> options(Record options) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent component : options.getClass().getRecordComponents()) {
            try {
                out.put(component.getName(), String.valueOf(component.getAccessor().invoke(options)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + options, e);
            }
        }
        return out;
    }

    /** The provenance of a number computed now, in this JVM, with tensors of {@code manager}. */
    public static Provenance of(Provenance.Model model, List<Provenance.Data> data, Map<String, String> options,
                                NDManager manager) {
        RuntimePlatform platform = RuntimePlatform.of(manager);
        return new Provenance(model, data, options, Provenance.Code.current(),
                new Provenance.Platform(platform.djl(), platform.pytorch(), platform.device(), platform.threads(),
                        platform.java(), platform.os()));
    }
}
