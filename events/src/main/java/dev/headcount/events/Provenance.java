package dev.headcount.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What produced a stored number (an importance map, a masked evaluation, a fine-tuned model): enough to compute
 * it again and to tell whether its inputs are still the same. Carried by {@link ImportanceMapCompleted},
 * {@link MaskedModelEvaluated} and {@link ModelFineTuned} (optional there, so events written before provenance
 * existed still parse), stored with them and shown in the report.
 *
 * @param model    the model the number was computed on
 * @param data     the examples used, one entry per split (e.g. {@code train} for scoring, {@code train} and
 *                 {@code dev} for fine-tuning)
 * @param options  every option that shapes the number, name → value as text (sorted by name); the names are
 *                 the request's ({@code maxLength}, {@code batchSize}, {@code granularity}, …)
 * @param code     the code that computed it
 * @param platform where it was computed
 */
public record Provenance(Model model, List<Data> data, Map<String, String> options, Code code, Platform platform) {
    private static final String TYPE = "Provenance";

    public Provenance {
        RequiredFields.present(TYPE, "model", model);
        data = RequiredFields.list(data);
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        RequiredFields.present(TYPE, "code", code);
        RequiredFields.present(TYPE, "platform", platform);
    }

    /** The data of one split, if the number used it. */
    public Optional<Data> data(String split) {
        return data.stream().filter(d -> d.split().equals(split)).findFirst();
    }

    /** An option's value; an {@link InvalidEventException} naming it when it was not recorded. */
    public String option(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new InvalidEventException(TYPE, "options." + name, "is not recorded (recorded: " + options.keySet()
                    + ")");
        }
        return value;
    }

    /**
     * A model's fingerprint.
     *
     * @param spec   as the request or command line named it: {@code builtin:NAME}, a directory, or a {@code file:}
     *               URI of the artifact store
     * @param sha256 SHA-256 over the files below (each file's name and digest, sorted by name): one value to compare
     * @param files  the files that determine the numbers (weights, {@code config.json}, {@code tokenizer.json}),
     *               each with its own digest
     * @param maven  for a built-in model, the Maven coordinates it was converted from; otherwise {@code null}
     */
    public record Model(String spec, String sha256, List<FileDigest> files, String maven) {
        public Model {
            RequiredFields.text("Provenance.model", "spec", spec);
            RequiredFields.text("Provenance.model", "sha256", sha256);
            files = RequiredFields.list(files);
        }
    }

    /** One file of a model: name relative to the model directory, size, SHA-256 (lower-case hex). */
    public record FileDigest(String name, long bytes, String sha256) {
    }

    /**
     * The examples behind a number.
     *
     * @param task     the task as the request names it, with its data location ({@code glue/rte=/data/RTE})
     * @param split    {@code train} or {@code dev} (or the split a command scored)
     * @param seed     the seed of the sample (and of MLM masking)
     * @param examples how many examples were used
     * @param sha256   SHA-256 over a canonical encoding of exactly those examples, in the order used
     */
    public record Data(String task, String split, long seed, int examples, String sha256) {
        public Data {
            RequiredFields.text("Provenance.data", "task", task);
            RequiredFields.text("Provenance.data", "split", split);
            RequiredFields.text("Provenance.data", "sha256", sha256);
        }
    }

    /**
     * The code version, baked into the events jar at build time ({@code build-info.properties}).
     *
     * @param version the project version
     * @param commit  the git commit it was built from, or {@code unknown} (built outside a git checkout)
     * @param dirty   whether the checkout had uncommitted changes; {@code null} when unknown
     */
    public record Code(String version, String commit, Boolean dirty) {
        static final String RESOURCE = "/dev/headcount/events/build-info.properties";
        public static final String UNKNOWN = "unknown";

        /** The build this code came from. */
        public static Code current() {
            try (InputStream in = Provenance.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    // compiled without the Maven build (e.g. an IDE): say so rather than guess
                    return new Code(UNKNOWN, UNKNOWN, null);
                }
                Properties properties = new Properties();
                properties.load(in);
                String dirty = properties.getProperty("dirty", UNKNOWN);
                return new Code(properties.getProperty("version", UNKNOWN), properties.getProperty("commit", UNKNOWN),
                        dirty.equals(UNKNOWN) ? null : Boolean.valueOf(dirty));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }

        /** Same commit, both clean: the same code for certain. */
        public boolean sameCleanCommit(Code other) {
            return !commit.equals(UNKNOWN) && commit.equals(other.commit()) && Boolean.FALSE.equals(dirty)
                    && Boolean.FALSE.equals(other.dirty());
        }
    }

    /**
     * Where it ran.
     *
     * @param djl     DJL's version
     * @param pytorch the PyTorch native library's version
     * @param device  the device the tensors lived on, e.g. {@code cpu()}
     * @param threads PyTorch's intra-op threads
     * @param java    the JVM's version
     * @param os      operating system name and architecture
     */
    public record Platform(String djl, String pytorch, String device, int threads, String java, String os) {
    }
}
