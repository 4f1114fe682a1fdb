package dev.headcount.engine.data;

import dev.headcount.engine.hub.HubClient;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns task names into loaded tasks:
 * <ul>
 *   <li>{@code glue/rte=/path/to/RTE} — a GLUE task from a folder of TSVs or a Hugging Face export;</li>
 *   <li>{@code glue/rte} — the same from the Hub's {@code nyu-mll/glue} parquet files, through the Hugging Face cache;</li>
 *   <li>{@code hf-dataset:ORG/NAME[/CONFIG][@REVISION]?kind=...} — a Hub data set's parquet files, see {@link HubDatasets};</li>
 *   <li>{@code builtin/lt-acceptability}, {@code builtin/lt-minimal-pairs}, {@code builtin/spam},
 *       {@code builtin/sotu}, {@code builtin/sotu-pairs} — fetched on first use into the {@link DataCache};</li>
 *   <li>{@code file:/path/x.jsonl?kind=pair&dev=/path/y.jsonl&labels=a,b} — see {@link FileTaskLoader};</li>
 *   <li>an alias configured with {@link #configure} or, at start, with the system property
 *       {@code headcount.tasks} / environment {@code HEADCOUNT_TASKS} ({@code alias=name;alias=name}).</li>
 * </ul>
 */
public final class TaskRegistry {
    public static final String TASKS_PROPERTY = "headcount.tasks";
    public static final String TASKS_ENV = "HEADCOUNT_TASKS";

    private final DataCache cache;
    private final NpmPackageFetcher fetcher;
    private final Supplier<HubClient> hub;
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /** Hub data sets use the Hugging Face settings of the environment, read when first needed. */
    public TaskRegistry(DataCache cache, NpmPackageFetcher fetcher) {
        this(cache, fetcher, HubClient::fromEnvironment);
    }

    public TaskRegistry(DataCache cache, NpmPackageFetcher fetcher, Supplier<HubClient> hub) {
        this.cache = cache;
        this.fetcher = fetcher;
        this.hub = hub;
    }

    /** The cache and aliases from the environment. */
    public static TaskRegistry fromEnvironment() {
        TaskRegistry registry = new TaskRegistry(DataCache.fromEnvironment(), new NpmPackageFetcher());
        String configured = System.getProperty(TASKS_PROPERTY);
        if (configured == null) configured = System.getenv(TASKS_ENV);
        if (configured != null) {
            for (String entry : configured.split(";")) {
                if (entry.isBlank()) continue;
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad task alias '" + entry + "' in " + TASKS_PROPERTY + "/" + TASKS_ENV
                            + ": expected alias=task-name");
                }
                registry.configure(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
        }
        return registry;
    }

    public DataCache cache() {
        return cache;
    }

    public void configure(String alias, String name) {
        aliases.put(alias, name);
    }

    public Map<String, String> configured() {
        return Map.copyOf(aliases);
    }

    /** The built-in tasks' descriptions, without fetching anything. */
    public static List<TaskSpec> builtinSpecs() {
        return List.of(LanguageToolTasks.acceptabilitySpec(), LanguageToolTasks.minimalPairsSpec(), SpamAssassinCorpus.spec(),
                SotuCorpus.spec(TaskKind.MLM_TEXT), SotuCorpus.spec(TaskKind.CONTRASTIVE_PAIRS), SotuCorpus.eraSpec());
    }

    public Task load(String name, LoadOptions options) throws IOException {
        String resolved = aliases.getOrDefault(name, name);
        Task task = loadResolved(resolved, options);
        return resolved.equals(name) ? task : new Task(task.spec().withName(name), task.splits());
    }

    private Task loadResolved(String name, LoadOptions options) throws IOException {
        if (name.startsWith("glue/")) {
            int eq = name.indexOf('=');
            if (eq < 0) {
                GlueTask glue = GlueTask.fromId(name.substring("glue/".length()));
                return new GlueLoader().load(glue, new HubDatasets(hub.get()).glueFolder(glue), options);
            }
            GlueTask glue = GlueTask.fromId(name.substring("glue/".length(), eq));
            return new GlueLoader().load(glue, Path.of(name.substring(eq + 1)), options);
        }
        if (name.startsWith(HubDatasets.PREFIX)) {
            int query = name.indexOf('?');
            return new HubDatasets(hub.get()).load(name, query < 0 ? name : name.substring(0, query),
                    query < 0 ? Map.of() : parameters(name.substring(query + 1), name), options);
        }
        if (name.startsWith("file:")) {
            String rest = name.substring("file:".length());
            int query = rest.indexOf('?');
            Path path = Path.of(query < 0 ? rest : rest.substring(0, query));
            Map<String, String> parameters = query < 0 ? Map.of() : parameters(rest.substring(query + 1), name);
            return new FileTaskLoader().load(name, path, parameters, options);
        }
        String base = name.contains("?") ? name.substring(0, name.indexOf('?')) : name;
        Map<String, String> parameters = name.contains("?") ? parameters(name.substring(name.indexOf('?') + 1), name) : Map.of();
        return switch (base) {
            case LanguageToolTasks.ACCEPTABILITY -> new LanguageToolTasks().acceptability(options);
            case LanguageToolTasks.MINIMAL_PAIRS -> new LanguageToolTasks().minimalPairs(options);
            case SpamAssassinCorpus.NAME -> new SpamAssassinCorpus(cache, fetcher).load(options);
            case SotuCorpus.NAME -> new SotuCorpus(cache, fetcher).load(
                    TaskKind.fromShortName(parameters.getOrDefault("kind", "mlm")), options);
            case SotuCorpus.PAIRS_NAME -> new SotuCorpus(cache, fetcher).load(TaskKind.CONTRASTIVE_PAIRS, options);
            case SotuCorpus.ERA_NAME -> new SotuCorpus(cache, fetcher).loadEra(options);
            default -> throw new IllegalArgumentException("unknown task '" + name + "'; known: " + knownNames());
        };
    }

    public List<String> knownNames() {
        List<String> names = new ArrayList<>();
        builtinSpecs().forEach(spec -> names.add(spec.name()));
        for (GlueTask glue : GlueTask.values()) names.add(glue.taskName() + "[=DIR]");
        names.add(HubDatasets.PREFIX + "ORG/NAME[/CONFIG][@REVISION]?kind=single|pair|regression|mlm|contrastive");
        names.add("file:PATH?kind=single|pair|regression|mlm|contrastive");
        names.addAll(aliases.keySet());
        return names;
    }

    private static Map<String, String> parameters(String query, String name) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + name + "': bad parameter '" + pair + "', expected key=value");
            }
            parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
