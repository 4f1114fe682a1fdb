package dev.headcount.deploy;

import dev.headcount.events.Topics;
import java.util.List;
import java.util.Set;

/**
 * What the manifests must agree with, in one place. Sources: docs/services.md (ports, consumer groups,
 * configuration keys, who uses MongoDB and DJL) and DESIGN.md's choreography (who consumes and produces
 * which topic). Change a service there, then here.
 */
record Services(String name, int port, String group, boolean gpuWorker, Set<String> consumes, Set<String> produces) {

    /** Every service may publish Progress, DeadLetter and ExperimentFailed (docs/services.md). */
    private static final Set<String> ALWAYS_PRODUCED = Set.of(Topics.PROGRESS, Topics.DEAD_LETTER, Topics.EXPERIMENTS);

    static final List<Services> ALL = List.of(
            new Services("report-service", 8080, "report", false,
                    Set.copyOf(Topics.all()), Set.of()),
            new Services("scorer-service", 8081, "scorer", true,
                    Set.of(Topics.EXPERIMENTS, Topics.MODELS, Topics.SCORING_JOBS, Topics.HEAD_IMPORTANCE),
                    Set.of(Topics.SCORING_JOBS, Topics.HEAD_IMPORTANCE)),
            new Services("pruner-service", 8082, "pruner", true,
                    Set.of(Topics.HEAD_IMPORTANCE, Topics.EXPERIMENTS),
                    Set.of(Topics.PRUNING_EVALUATIONS, Topics.MODELS)),
            new Services("finetune-service", 8083, "finetuner", true,
                    Set.of(Topics.EXPERIMENTS, Topics.MODELS),
                    Set.of(Topics.MODELS)));

    /** Every topic the service writes. */
    Set<String> writes() {
        var all = new java.util.TreeSet<>(produces);
        all.addAll(ALWAYS_PRODUCED);
        return all;
    }

    boolean usesMongo() {
        return name.equals("report-service");
    }

    /**
     * The environment variables a service reads (docs/services.md "Configuration", in their environment
     * form), plus what running in a pod needs: the bind address, the Kafka security settings that SmallRye
     * Kafka takes from {@code kafka.*} (env {@code KAFKA_*}) for every channel, and the group id KEDA and
     * the ACLs rely on.
     */
    List<String> requiredEnv() {
        var keys = new java.util.ArrayList<>(List.of(
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
        var names = new java.util.TreeSet<String>();
        ALL.forEach(s -> names.add(s.name()));              // written by Strimzi's User Operator per KafkaUser
        names.add("headcount-kafka-cluster-ca-cert");        // written by Strimzi's Cluster Operator
        names.add("headcount-mongodb");                      // created by hand: deploy/README.md
        return names;
    }
}
