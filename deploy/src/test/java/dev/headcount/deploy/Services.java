package dev.headcount.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests must agree with, read from each service's own {@code src/main/resources/application.properties}
 * (no copy): its HTTP port, its SmallRye incoming channels (topics, consumer group, whether the group commits) and
 * the topics it writes (outgoing channels' topics and {@code headcount.kafka.produces}, since records name their
 * topic in their metadata). Only the list of services, and which of them are GPU workers, is written here.
 */
record Services(String name, boolean gpuWorker, int port, List<Channel> incoming, Set<String> writes) {

    /** One incoming channel: the topics it subscribes to, its consumer group, and whether that group commits offsets. */
    record Channel(String name, Set<String> topics, String groupId, boolean commits) {
        /** A group id with a placeholder (a per-replica group): the ACL covers its fixed prefix. */
        boolean perReplicaGroup() {
            return groupId.contains("${");
        }

        String groupPrefix() {
            return perReplicaGroup() ? groupId.substring(0, groupId.indexOf("${")) : groupId;
        }
    }

    // before ALL: static fields initialise in order
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.(.+)");
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.(.+)");

    static final List<Services> ALL = List.of(
            read("report-service", false),
            read("scorer-service", true),
            read("pruner-service", true),
            read("finetune-service", true));

    /** The module's application.properties, as Quarkus reads it in production (no {@code %profile.} keys). */
    static Services read(String module, boolean gpuWorker) {
        Path file = Rendered.deployDir().getParent().resolve(module).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": the deploy test derives the manifests' topics from it", e);
        }
        return parse(module, gpuWorker, p, file.toString());
    }

    static Services parse(String module, boolean gpuWorker, Properties p, String source) {
        Map<String, Map<String, String>> in = new LinkedHashMap<>();
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = INCOMING.matcher(key);
            if (m.matches()) in.computeIfAbsent(m.group(1), c -> new LinkedHashMap<>()).put(m.group(2), p.getProperty(key).trim());
            m = OUTGOING.matcher(key);
            if (m.matches()) out.computeIfAbsent(m.group(1), c -> new LinkedHashMap<>()).put(m.group(2), p.getProperty(key).trim());
        }
        List<Channel> channels = new ArrayList<>();
        for (var e : in.entrySet()) {
            Map<String, String> c = e.getValue();
            if (!"smallrye-kafka".equals(c.get("connector"))) continue;
            String group = c.get("group.id");
            if (group == null) {
                throw new IllegalStateException(source + ": incoming channel '" + e.getKey() + "' sets no group.id; "
                        + "the ACLs and KEDA need the group of every channel");
            }
            boolean commits = !"ignore".equals(c.get("commit-strategy")) || "true".equals(c.get("enable.auto.commit"));
            channels.add(new Channel(e.getKey(), topics(c, e.getKey()), group, commits));
        }
        Set<String> writes = new TreeSet<>();
        for (var e : out.entrySet()) {
            if ("smallrye-kafka".equals(e.getValue().get("connector"))) writes.addAll(topics(e.getValue(), e.getKey()));
        }
        String produces = p.getProperty("headcount.kafka.produces", "");
        Arrays.stream(produces.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(writes::add);
        String port = p.getProperty("quarkus.http.port");
        if (port == null) throw new IllegalStateException(source + ": no quarkus.http.port");
        return new Services(module, gpuWorker, Integer.parseInt(port.trim()), List.copyOf(channels), Set.copyOf(writes));
    }

    /** SmallRye: {@code topics} (comma-separated) or {@code topic}; without either, the channel's name. */
    private static Set<String> topics(Map<String, String> channel, String name) {
        String list = channel.getOrDefault("topics", channel.getOrDefault("topic", name));
        Set<String> topics = new TreeSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
        return topics;
    }

    /** Every topic the service reads. */
    Set<String> consumes() {
        Set<String> all = new TreeSet<>();
        incoming.forEach(c -> all.addAll(c.topics()));
        return all;
    }

    /** The consumer group that commits offsets (the one the ACLs, KAFKA_GROUP_ID and KEDA are about). */
    String group() {
        Set<String> groups = new TreeSet<>();
        incoming.stream().filter(Channel::commits).forEach(c -> groups.add(c.groupId()));
        if (groups.size() != 1) {
            throw new IllegalStateException(name + ": expected one committing consumer group, found " + groups);
        }
        return groups.iterator().next();
    }

    /** The topics on which {@link #group()} commits offsets: the only ones whose lag means work for this service. */
    Set<String> committedTopics() {
        Set<String> topics = new TreeSet<>();
        incoming.stream().filter(Channel::commits).forEach(c -> topics.addAll(c.topics()));
        return topics;
    }

    boolean usesMongo() {
        return name.equals("report-service");
    }

    /**
     * The environment variables a service reads (docs/services.md "Configuration", in their environment
     * form), plus what running in a pod needs: the bind address, the Kafka security settings that SmallRye
     * Kafka takes from {@code kafka.*} (env {@code KAFKA_*}) for every channel, and the group id.
     */
    List<String> requiredEnv() {
        var keys = new ArrayList<>(List.of(
                "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_MONGODB_CONNECTION_STRING", "HEADCOUNT_ARTIFACT_ROOT",
                "QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT", "KAFKA_GROUP_ID",
                "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION", "DJL_OFFLINE"));
        if (gpuWorker) {
            // DJL services (STACK.md) and the engine's caches (BuiltinModels, DataCache, MavenArtifact)
            keys.addAll(List.of("DJL_CACHE_DIR", "HEADCOUNT_MODEL_DIR", "HEADCOUNT_DATA_DIR", "HEADCOUNT_M2_REPO"));
            // long units of work: the group must not evict a consumer that is busy with one
            keys.add("KAFKA_MAX_POLL_INTERVAL_MS");
        }
        if (usesMongo()) {
            keys.addAll(List.of("QUARKUS_MONGODB_CREDENTIALS_USERNAME", "QUARKUS_MONGODB_CREDENTIALS_PASSWORD",
                    "QUARKUS_MONGODB_CREDENTIALS_AUTH_SOURCE"));
        }
        return keys;
    }

    /** Secrets the manifests may reference: none of them lives in the repository. */
    static Set<String> allowedSecrets() {
        var names = new TreeSet<String>();
        ALL.forEach(s -> names.add(s.name()));              // written by Strimzi's User Operator per KafkaUser
        names.add("keda");                                   // the same, for KEDA's Describe-only user (gpu overlay)
        names.add("headcount-kafka-cluster-ca-cert");        // written by Strimzi's Cluster Operator
        names.add("headcount-mongodb");                      // created by hand: deploy/README.md
        names.add("headcount-api-token");                    // the same
        return names;
    }
}
