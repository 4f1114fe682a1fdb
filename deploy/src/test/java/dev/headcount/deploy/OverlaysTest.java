package dev.headcount.deploy;

import static dev.headcount.deploy.Rendered.container;
import static dev.headcount.deploy.Rendered.name;
import static dev.headcount.deploy.Rendered.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headcount.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders every overlay of deploy/ and checks what the services, Kafka, MongoDB and the cluster need. */
class OverlaysTest {
    private static final String NAMESPACE = "headcount";
    private static final String KAFKA_CLUSTER = "headcount-kafka";

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @Test
    void theLocalAndGpuOverlaysExist() {
        assertTrue(overlays().containsAll(List.of("local", "gpu")), "overlays found: " + overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsAValidKubernetesObjectInTheNamespace(String overlay) {
        Rendered r = Rendered.of(overlay);
        assertFalse(r.objects.isEmpty(), overlay + " rendered nothing");
        Set<String> seen = new HashSet<>();
        Pattern dnsName = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        for (JsonNode o : r.objects) {
            String id = o.path("kind").asText() + "/" + name(o);
            assertTrue(o.path("apiVersion").asText().matches("([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?"),
                    overlay + ": " + id + " has apiVersion '" + o.path("apiVersion").asText() + "'");
            assertTrue(o.path("kind").asText().matches("[A-Z][A-Za-z]+"), overlay + ": object without kind: " + o);
            assertTrue(dnsName.matcher(name(o)).matches() && name(o).length() <= 253,
                    overlay + ": " + id + " has no valid metadata.name");
            assertTrue(seen.add(id), overlay + ": " + id + " is defined twice");
            if (o.path("kind").asText().equals("Namespace")) {
                assertEquals(NAMESPACE, name(o));
            } else {
                assertEquals(NAMESPACE, o.path("metadata").path("namespace").asText(),
                        overlay + ": " + id + " is not in namespace " + NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectMatchesTheSchemaOfThePinnedKubernetesStrimziAndKedaReleases(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode o : r.objects) {
            for (String problem : Schemas.get().validate(o)) {
                problems.add(o.path("kind").asText() + "/" + name(o) + " " + problem);
            }
        }
        assertTrue(problems.isEmpty(), overlay + ": objects the pinned releases reject (deploy/README.md: versions):\n  "
                + String.join("\n  ", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfTheEventsModuleHasAKafkaTopicAndNoOtherExists(String overlay) {
        Rendered r = Rendered.of(overlay);
        Map<String, JsonNode> byTopic = new HashMap<>();
        for (JsonNode t : r.ofKind("KafkaTopic")) {
            String topic = t.path("spec").path("topicName").asText(name(t));
            assertTrue(byTopic.put(topic, t) == null, overlay + ": two KafkaTopics for " + topic);
            assertEquals(KAFKA_CLUSTER, t.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    overlay + ": KafkaTopic " + topic + " is not bound to the Kafka cluster");
            assertTrue(t.path("spec").path("partitions").asInt() >= 3,
                    overlay + ": " + topic + " needs partitions for parallel consumers");
            int replicas = t.path("spec").path("replicas").asInt();
            int minIsr = t.path("spec").path("config").path("min.insync.replicas").asInt(1);
            assertTrue(replicas >= 1 && minIsr <= replicas, overlay + ": " + topic + " replicas/min ISR");
        }
        assertEquals(new TreeSet<>(Topics.all()), new TreeSet<>(byTopic.keySet()),
                overlay + ": KafkaTopics must match dev.headcount.events.Topics.all()");
        // issue 13: the replicas of one worker kind that can share an experiment's units are bounded by the partitions
        for (String work : Topics.workTopics()) {
            int partitions = byTopic.get(work).path("spec").path("partitions").asInt();
            assertTrue(partitions >= Topics.WORK_PARTITIONS, overlay + ": work topic " + work + " has " + partitions
                    + " partitions, fewer than Topics.WORK_PARTITIONS = " + Topics.WORK_PARTITIONS);
        }
        // events/README.md: the experiments topic keeps its records for good (later stages look requests up there)
        assertEquals("-1", byTopic.get(Topics.EXPERIMENTS).path("spec").path("config").path("retention.ms").asText());
        for (JsonNode t : byTopic.values()) {
            assertFalse(t.path("spec").path("config").path("retention.ms").isMissingNode(),
                    overlay + ": " + t.path("spec").path("topicName").asText() + " has no explicit retention");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaIsKraftWithATlsScramListenerAndAuthorization(String overlay) {
        Rendered r = Rendered.of(overlay);
        JsonNode kafka = r.get("Kafka", KAFKA_CLUSTER);
        // Strimzi >= 0.48 is KRaft with node pools only and ignores these; v1 (Strimzi 1.x) is the only API served
        assertFalse(kafka.path("metadata").path("annotations").has("strimzi.io/kraft"), "ignored annotation strimzi.io/kraft");
        assertFalse(kafka.path("metadata").path("annotations").has("strimzi.io/node-pools"), "ignored annotation strimzi.io/node-pools");
        for (JsonNode o : r.objects) {
            if (o.path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
                assertEquals("kafka.strimzi.io/v1", o.path("apiVersion").asText(), o.path("kind").asText() + "/" + name(o));
            }
        }
        // scale-to-zero: a group with no live member keeps its committed offsets this long; past it, every stored
        // record would count as lag again (Kafka's default is 7 days)
        long retentionMinutes = kafka.path("spec").path("kafka").path("config").path("offsets.retention.minutes").asLong(10080);
        assertTrue(retentionMinutes >= 90L * 24 * 60, overlay + ": offsets.retention.minutes " + retentionMinutes
                + " lets an idle worker group lose its offsets");
        // and past every work record's own retention: a group idle at zero replicas must not lose its offsets while
        // records it already handled are still there to be handed out again
        for (JsonNode t : r.ofKind("KafkaTopic")) {
            String topic = t.path("spec").path("topicName").asText();
            long retentionMs = t.path("spec").path("config").path("retention.ms").asLong(-1);
            if (!Topics.workTopics().contains(topic)) continue;
            assertTrue(retentionMs > 0, overlay + ": work topic " + topic + " keeps its records for good; its groups' offsets cannot outlive them");
            assertTrue(retentionMinutes * 60_000L >= retentionMs, overlay + ": offsets.retention.minutes " + retentionMinutes
                    + " is shorter than " + topic + "'s retention.ms " + retentionMs);
        }
        assertEquals("simple", kafka.path("spec").path("kafka").path("authorization").path("type").asText());
        JsonNode listeners = kafka.path("spec").path("kafka").path("listeners");
        assertTrue(listeners.size() >= 1);
        for (JsonNode l : listeners) {
            assertTrue(l.path("tls").asBoolean(), overlay + ": listener " + l.path("name").asText() + " without TLS");
            assertEquals("scram-sha-512", l.path("authentication").path("type").asText());
        }
        assertEquals("false", kafka.path("spec").path("kafka").path("config").path("auto.create.topics.enable").asText());
        List<JsonNode> pools = r.ofKind("KafkaNodePool");
        assertEquals(1, pools.size());
        assertEquals(KAFKA_CLUSTER, pools.get(0).path("metadata").path("labels").path("strimzi.io/cluster").asText());
        Set<String> roles = new TreeSet<>();
        pools.get(0).path("spec").path("roles").forEach(n -> roles.add(n.asText()));
        assertEquals(Set.of("controller", "broker"), roles);
        // each service's bootstrap address points at this cluster's TLS listener
        String bootstrap = configMap(r, "headcount-config").path("KAFKA_BOOTSTRAP_SERVERS").asText();
        assertEquals(KAFKA_CLUSTER + "-kafka-bootstrap:" + listeners.get(0).path("port").asInt(), bootstrap);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasAScramUserWithLeastPrivilegeAcls(String overlay) {
        Rendered r = Rendered.of(overlay);
        int kedaUsers = overlay.equals("gpu") ? 1 : 0;
        assertEquals(Services.ALL.size() + kedaUsers, r.ofKind("KafkaUser").size(),
                overlay + ": one KafkaUser per service" + (kedaUsers > 0 ? ", and KEDA's" : ""));
        for (Services s : Services.ALL) {
            JsonNode user = r.get("KafkaUser", s.name());
            assertEquals(KAFKA_CLUSTER, user.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
            Set<String> read = new TreeSet<>();
            Set<String> write = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode res = acl.path("resource");
                String resource = res.path("name").asText();
                assertFalse(resource.equals("*") || resource.isEmpty(), s.name() + ": wildcard ACL");
                Set<String> ops = new TreeSet<>();
                acl.path("operations").forEach(n -> ops.add(n.asText()));
                switch (res.path("type").asText()) {
                    case "topic" -> {
                        assertEquals("literal", res.path("patternType").asText(), s.name() + ": topic ACLs are literal");
                        if (ops.equals(Set.of("Read", "Describe"))) read.add(resource);
                        else if (ops.equals(Set.of("Write", "Describe"))) write.add(resource);
                        else fail(s.name() + ": unexpected operations " + ops + " on topic " + resource);
                    }
                    case "group" -> {
                        assertEquals(Set.of("Read", "Describe"), ops);
                        groups.add(res.path("patternType").asText() + ":" + resource);
                    }
                    default -> fail(s.name() + ": ACL on " + res + " is more than a service needs");
                }
            }
            Set<String> expectedGroups = new TreeSet<>();
            s.incoming().forEach(c -> expectedGroups.add((c.perReplicaGroup() ? "prefix:" : "literal:") + c.groupPrefix()));
            String source = " (" + s.name() + "/src/main/resources/application.properties)";
            assertEquals(new TreeSet<>(s.consumes()), read, s.name() + ": Read ACLs = the topics it consumes" + source);
            assertEquals(new TreeSet<>(s.writes()), write, s.name() + ": Write ACLs = the topics it produces" + source);
            assertEquals(expectedGroups, groups, s.name() + ": the consumer groups of its channels only" + source);
        }
        // issue 13: the report-service alone hands units out; each work topic feeds exactly one GPU worker
        for (String work : Topics.workTopics()) {
            Set<String> writers = new TreeSet<>();
            Set<String> readers = new TreeSet<>();
            for (Services s : Services.ALL) {
                if (s.writes().contains(work)) writers.add(s.name());
                if (s.consumes().contains(work)) readers.add(s.name() + (s.gpuWorker() ? "" : " (not a GPU worker)"));
            }
            assertEquals(Set.of("report-service"), writers, work + ": who may write units of work");
            assertEquals(1, readers.size(), work + ": read by " + readers + ", expected one GPU worker");
            assertFalse(readers.iterator().next().endsWith("(not a GPU worker)"), work + ": read by " + readers);
        }
        if (kedaUsers > 0) {
            // KEDA only looks: Describe on the scaled groups and on their triggered topics, nothing else
            Set<String> expected = new TreeSet<>();
            for (Services s : Services.ALL) {
                if (!s.gpuWorker()) continue;
                expected.add("group:" + s.group());
                s.committedTopics().forEach(t -> expected.add("topic:" + t));
            }
            Set<String> described = new TreeSet<>();
            for (JsonNode acl : r.get("KafkaUser", "keda").path("spec").path("authorization").path("acls")) {
                assertEquals("[\"Describe\"]", acl.path("operations").toString(), "KEDA's user: Describe only, " + acl);
                assertEquals("literal", acl.path("resource").path("patternType").asText());
                described.add(acl.path("resource").path("type").asText() + ":" + acl.path("resource").path("name").asText());
            }
            assertEquals(expected, described, "KEDA's user describes exactly the scaled groups and their topics");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceDeploymentSetsEveryConfigKeyItReads(String overlay) {
        Rendered r = Rendered.of(overlay);
        assertEquals(Services.ALL.size(), r.ofKind("Deployment").size(), overlay + ": one Deployment per service");
        for (Services s : Services.ALL) {
            JsonNode deployment = r.get("Deployment", s.name());
            JsonNode c = container(deployment, s.name());
            Map<String, String> env = environment(r, c);
            for (String key : s.requiredEnv()) {
                assertTrue(env.containsKey(key), overlay + ": " + s.name() + " does not set " + key);
                assertFalse(env.get(key).isBlank(), overlay + ": " + s.name() + " sets " + key + " empty");
            }
            assertEquals(String.valueOf(s.port()), env.get("QUARKUS_HTTP_PORT"), s.name());
            assertEquals("0.0.0.0", env.get("QUARKUS_HTTP_HOST"), s.name() + " must bind the pod IP");
            assertEquals(s.group(), env.get("KAFKA_GROUP_ID"), s.name() + ": consumer group (docs/services.md)");
            assertEquals("true", env.get("DJL_OFFLINE"));
            assertEquals("secret:" + s.name() + "/sasl.jaas.config", env.get("KAFKA_SASL_JAAS_CONFIG"),
                    s.name() + ": SCRAM credentials from its own KafkaUser's Secret");
            // the client side of the TLS + SCRAM listener, as this container resolves it: a service that spoke
            // PLAINTEXT or another mechanism would be refused by the broker only at run time
            assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL"), overlay + ": " + s.name() + " must talk TLS + SASL to Kafka");
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM"), overlay + ": " + s.name() + " must authenticate with SCRAM");
            assertTrue(env.get("KAFKA_SASL_JAAS_CONFIG").startsWith("secret:"), s.name() + ": the JAAS config (a password) only from a Secret");
            if (s.usesMongo()) {
                assertEquals("secret:headcount-mongodb/username", env.get("QUARKUS_MONGODB_CREDENTIALS_USERNAME"));
                assertEquals("secret:headcount-mongodb/password", env.get("QUARKUS_MONGODB_CREDENTIALS_PASSWORD"));
                // bound to 0.0.0.0 the report-service refuses to start without its API token
                assertEquals("secret:headcount-api-token/token", env.get("HEADCOUNT_AUTH_TOKEN"), s.name());
            } else {
                assertFalse(env.containsKey("QUARKUS_MONGODB_CREDENTIALS_PASSWORD"), s.name() + " needs no MongoDB password");
            }
            // the paths in the configuration are really there
            Map<String, JsonNode> mounts = mounts(deployment, c);
            assertVolume(mounts, env.get("HEADCOUNT_ARTIFACT_ROOT"), "persistentVolumeClaim", "claimName",
                    "headcount-artifacts", s.name());
            String truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertVolume(mounts, truststore.substring(0, truststore.lastIndexOf('/')), "secret", "secretName",
                    KAFKA_CLUSTER + "-cluster-ca-cert", s.name());
            if (s.gpuWorker()) {
                assertTrue(mounts.containsKey(env.get("DJL_CACHE_DIR")), s.name() + ": DJL cache volume");
                for (String cacheKey : List.of("HEADCOUNT_MODEL_DIR", "HEADCOUNT_DATA_DIR", "HEADCOUNT_M2_REPO")) {
                    String path = env.get(cacheKey);
                    assertTrue(mounts.keySet().stream().anyMatch(m -> path.startsWith(m + "/")),
                            s.name() + ": " + cacheKey + "=" + path + " is on no volume");
                }
                assertVolume(mounts, "/var/cache/headcount", "persistentVolumeClaim", "claimName", "headcount-cache", s.name());
            }
        }
        JsonNode artifacts = r.get("PersistentVolumeClaim", "headcount-artifacts");
        if (overlay.equals("gpu")) {
            assertEquals("ReadWriteMany", artifacts.path("spec").path("accessModes").path(0).asText(),
                    "pods on many nodes share the artifact volume");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesPortsServicesProbesAndMetricsAgree(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Services s : Services.ALL) {
            JsonNode deployment = r.get("Deployment", s.name());
            JsonNode c = container(deployment, s.name());
            String image = c.path("image").asText();
            assertTrue(image.matches("([a-z0-9.:-]+/)*headcount/" + s.name() + ":[A-Za-z0-9._-]+"),
                    overlay + ": " + s.name() + " runs image '" + image + "', expected <registry>/headcount/" + s.name() + ":<tag>");
            if (s.gpuWorker() && overlay.equals("gpu")) {
                assertTrue(image.endsWith("-cuda"), s.name() + " on GPU nodes needs the CUDA image: " + image);
            } else {
                assertFalse(image.endsWith("-cuda"), overlay + ": " + s.name() + " must not run the CUDA image");
            }
            assertEquals(1, c.path("ports").size());
            JsonNode port = c.path("ports").path(0);
            assertEquals("http", port.path("name").asText());
            assertEquals(s.port(), port.path("containerPort").asInt(), s.name() + " listens on " + s.port());

            JsonNode service = r.get("Service", s.name());
            assertEquals(s.name(), service.path("spec").path("selector").path("app.kubernetes.io/name").asText());
            assertEquals(s.name(), deployment.path("spec").path("template").path("metadata").path("labels")
                    .path("app.kubernetes.io/name").asText());
            JsonNode servicePort = service.path("spec").path("ports").path(0);
            assertEquals(s.port(), servicePort.path("port").asInt());
            assertTrue(Set.of("http", String.valueOf(s.port())).contains(servicePort.path("targetPort").asText()));

            assertProbe(c, "readinessProbe", "/q/health/ready", s);
            assertProbe(c, "livenessProbe", "/q/health/live", s);
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), s.name() + ": Prometheus scraping");
            assertEquals(String.valueOf(s.port()), annotations.path("prometheus.io/port").asText());
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void workloadsHaveProbesRequestsGracefulShutdownAndDisruptionBudgets(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<JsonNode> workloads = new ArrayList<>(r.ofKind("Deployment"));
        workloads.addAll(r.ofKind("StatefulSet"));
        for (JsonNode w : workloads) {
            String id = w.path("kind").asText() + " " + name(w);
            for (JsonNode c : podSpec(w).path("containers")) {
                assertTrue(c.has("readinessProbe") && c.has("livenessProbe"), overlay + ": " + id + " without probes");
                JsonNode requests = c.path("resources").path("requests");
                assertTrue(requests.has("cpu") && requests.has("memory"), overlay + ": " + id + " without resource requests");
                assertTrue(c.path("resources").path("limits").has("memory"), overlay + ": " + id + " without a memory limit");
            }
        }
        for (Services s : Services.ALL) {
            JsonNode d = r.get("Deployment", s.name());
            int grace = podSpec(d).path("terminationGracePeriodSeconds").asInt(30);
            assertTrue(grace >= (s.gpuWorker() ? 600 : 30), overlay + ": " + s.name() + " grace period " + grace
                    + " s is shorter than a unit of work");
            assertTrue(container(d, s.name()).path("lifecycle").has("preStop"), s.name() + ": preStop");
            if (s.gpuWorker()) {
                long pollInterval = Long.parseLong(environment(r, container(d, s.name())).get("KAFKA_MAX_POLL_INTERVAL_MS"));
                assertTrue(pollInterval >= grace * 1000L, s.name() + ": max.poll.interval.ms " + pollInterval
                        + " is shorter than the grace period, so a unit of work that may finish would be rebalanced away");
            }
            JsonNode pdb = r.get("PodDisruptionBudget", s.name());
            assertEquals(s.name(), pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
        }
        JsonNode mongo = r.get("StatefulSet", "mongodb");
        assertEquals(1, mongo.path("spec").path("volumeClaimTemplates").size(), "MongoDB keeps its data on a PVC");
        // one member: a nightly dump to a volume of its own, with the same release's tools
        JsonNode backup = r.get("CronJob", "mongodb-backup").path("spec").path("jobTemplate");
        JsonNode dump = container(backup, "mongodump");
        assertEquals(container(mongo, "mongodb").path("image").asText(), dump.path("image").asText());
        assertEquals("secret:headcount-mongodb/root-password", environment(r, dump).get("MONGO_ROOT_PASSWORD"));
        assertEquals("true", backup.path("spec").path("template").path("metadata").path("labels")
                .path("headcount.dev/mongodb-client").asText(), "admitted by mongodb-ingress");
        assertEquals("mongodb-backup", podSpec(backup).path("volumes").path(0).path("persistentVolumeClaim").path("claimName").asText());
        assertEquals("secret:headcount-mongodb/root-password",
                environment(r, container(mongo, "mongodb")).get("MONGO_INITDB_ROOT_PASSWORD"));
    }

    @Test
    void gpuOverlayPutsWorkersOnGpusAndScalesEachOnItsOwnLag() {
        Rendered r = Rendered.of("gpu");
        for (Services s : Services.ALL) {
            JsonNode d = r.get("Deployment", s.name());
            JsonNode limits = container(d, s.name()).path("resources").path("limits");
            if (!s.gpuWorker()) {
                assertFalse(limits.has("nvidia.com/gpu"), s.name() + " is CPU only");
                assertTrue(r.find("ScaledObject", s.name()).isEmpty());
                continue;
            }
            assertTrue(limits.path("nvidia.com/gpu").asInt() >= 1, s.name() + ": nvidia.com/gpu limit");
            assertFalse(podSpec(d).path("nodeSelector").isEmpty(), s.name() + ": GPU node selector");
            boolean tolerates = false;
            for (JsonNode t : podSpec(d).path("tolerations")) tolerates |= t.path("key").asText().equals("nvidia.com/gpu");
            assertTrue(tolerates, s.name() + ": tolerates the GPU taint");
            assertFalse(d.path("spec").has("replicas"), s.name() + ": KEDA owns replicas; the Deployment must not set them");

            JsonNode so = r.get("ScaledObject", s.name());
            assertEquals(s.name(), so.path("spec").path("scaleTargetRef").path("name").asText());
            assertEquals(0, so.path("spec").path("minReplicaCount").asInt(-1), s.name() + " scales to zero");
            int max = so.path("spec").path("maxReplicaCount").asInt();
            assertTrue(max >= 1, s.name() + ": maxReplicaCount");
            List<String> triggered = new ArrayList<>();
            int widestTopic = 0;
            for (JsonNode t : so.path("spec").path("triggers")) {
                assertEquals("kafka", t.path("type").asText());
                JsonNode m = t.path("metadata");
                assertEquals(s.group(), m.path("consumerGroup").asText(), s.name() + ": scales on its own group's lag");
                String topic = m.path("topic").asText();
                triggered.add(topic);
                assertEquals("true", m.path("limitToPartitionsWithLag").asText(),
                        s.name() + " on " + topic + ": no more replicas than partitions with work waiting");
                // one record is one pending unit: one replica per unit waiting; a group without offsets yet (its
                // first experiment) counts every record as pending, as the service's auto.offset.reset reads them
                assertEquals("1", m.path("lagThreshold").asText(), s.name() + " on " + topic + ": one replica per pending unit");
                assertEquals("earliest", m.path("offsetResetPolicy").asText(), s.name() + " on " + topic);
                assertTrue(Topics.workTopics().contains(topic), s.name() + ": triggers on " + topic
                        + ", which is not a work topic (Topics.workTopics()); only units of work may wake a GPU worker");
                widestTopic = Math.max(widestTopic, partitions(r, topic));
                assertTrue(m.path("bootstrapServers").asText().startsWith(KAFKA_CLUSTER + "-kafka-bootstrap"));
                assertEquals("scram_sha512", m.path("sasl").asText());
                assertEquals("enable", m.path("tls").asText());
                JsonNode auth = r.get("TriggerAuthentication", t.path("authenticationRef").path("name").asText());
                Set<String> params = new TreeSet<>();
                auth.path("spec").path("secretTargetRef").forEach(p -> params.add(p.path("parameter").asText()));
                auth.path("spec").path("env").forEach(p -> params.add(p.path("parameter").asText()));
                auth.path("spec").path("configMapTargetRef").forEach(p -> params.add(p.path("parameter").asText()));
                assertTrue(params.containsAll(Set.of("username", "password", "ca")), "TriggerAuthentication " + params);
                auth.path("spec").path("secretTargetRef").forEach(p -> {
                    if (p.path("parameter").asText().equals("password")) {
                        assertEquals("keda", p.path("name").asText(), s.name() + ": KEDA uses its own Describe-only user, not the worker's");
                    }
                });
            }
            // a topic the group does not commit on would count as lagging by its whole length for ever
            assertEquals(s.committedTopics(), new TreeSet<>(triggered), s.name() + ": triggers on exactly the topics group '"
                    + s.group() + "' commits (" + s.name() + "/src/main/resources/application.properties)");
            assertEquals(triggered.size(), new TreeSet<>(triggered).size(), s.name() + ": one trigger per topic");
            assertEquals(1, triggered.size(), s.name() + ": scales on its one work topic, found " + triggered);
            assertTrue(max <= widestTopic, s.name() + ": maxReplicaCount " + max + " exceeds the partitions of its topics");
        }
        assertEquals(3, r.ofKind("ScaledObject").size(), "one ScaledObject per GPU worker");
    }

    @Test
    void localOverlayIsOneReplicaCpuOnlyWithoutKeda() {
        Rendered r = Rendered.of("local");
        assertFalse(r.text.contains("nvidia.com/gpu"), "local asks for no GPU");
        assertTrue(r.ofKind("ScaledObject").isEmpty() && r.ofKind("TriggerAuthentication").isEmpty(), "no KEDA locally");
        for (Services s : Services.ALL) {
            JsonNode d = r.get("Deployment", s.name());
            assertEquals(1, d.path("spec").path("replicas").asInt(), s.name() + ": one replica");
            assertTrue(podSpec(d).path("nodeSelector").isMissingNode() || podSpec(d).path("nodeSelector").isEmpty());
        }
        assertEquals(1, r.get("KafkaNodePool", "dual-role").path("spec").path("replicas").asInt());
        for (JsonNode t : r.ofKind("KafkaTopic")) assertEquals(1, t.path("spec").path("replicas").asInt());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValuesAndOnlyKnownSecretsReferenced(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (JsonNode secret : r.ofKind("Secret")) {
            assertTrue(secret.path("data").isEmpty() && secret.path("stringData").isEmpty(),
                    overlay + ": Secret " + name(secret) + " carries values; secrets never live in the repository");
        }
        Set<String> referenced = new TreeSet<>();
        collectSecretReferences(r.objects, referenced);
        Set<String> unknown = new TreeSet<>(referenced);
        unknown.removeAll(Services.allowedSecrets());
        assertTrue(unknown.isEmpty(), overlay + ": references Secrets nobody creates: " + unknown
                + " (allowed: " + Services.allowedSecrets() + ")");
        assertTrue(referenced.contains("headcount-mongodb"));
    }

    @Test
    void noManifestFileCarriesASecret() throws IOException {
        Pattern secretKind = Pattern.compile("(?m)^kind:\\s*Secret\\s*$");
        try (Stream<Path> files = Files.walk(Rendered.deployDir())) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(ya?ml|json|env)$"))
                    .filter(p -> !p.toString().contains("/target/")).toList()) {
                String text = Files.readString(f);
                assertFalse(secretKind.matcher(text).find(), f + " defines a Secret");
                assertFalse(text.contains("secretGenerator"), f + " generates a Secret from files");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesExposeOnlyReportService(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<JsonNode> policies = r.ofKind("NetworkPolicy");
        assertFalse(policies.isEmpty(), overlay + ": no NetworkPolicies");
        JsonNode deny = r.get("NetworkPolicy", "default-deny-ingress");
        assertTrue(deny.path("spec").path("podSelector").isEmpty() && deny.path("spec").path("ingress").isMissingNode());
        for (JsonNode p : policies) {
            for (JsonNode rule : p.path("spec").path("ingress")) {
                // report-service too: only namespaces labelled as its clients (the ingress controller's)
                assertFalse(!rule.has("from") || rule.path("from").isEmpty(),
                        overlay + ": NetworkPolicy " + name(p) + " admits any source");
            }
        }
        assertEquals("true", r.get("NetworkPolicy", "report-service-ingress").path("spec").path("ingress").path(0)
                .path("from").path(0).path("namespaceSelector").path("matchLabels").path("headcount.dev/report-client").asText());
        JsonNode mongo = r.get("NetworkPolicy", "mongodb-ingress");
        assertEquals("true", mongo.path("spec").path("ingress").path(0).path("from").path(0).path("podSelector")
                .path("matchLabels").path("headcount.dev/mongodb-client").asText());
        // the workers' egress: DNS and Kafka only
        JsonNode egress = r.get("NetworkPolicy", "services-egress");
        assertEquals(2, egress.path("spec").path("egress").size());
        for (Services s : Services.ALL) {
            JsonNode labels = r.get("Deployment", s.name()).path("spec").path("template").path("metadata").path("labels");
            assertEquals("true", labels.path("headcount.dev/kafka-client").asText(), s.name() + " must be let into Kafka");
            assertEquals(s.usesMongo() ? "true" : "", labels.path("headcount.dev/mongodb-client").asText(),
                    s.name() + ": MongoDB access only where the service uses it");
            assertTrue(Set.of("api", "worker").contains(labels.path("app.kubernetes.io/component").asText()));
        }
        JsonNode peers = r.get("Kafka", KAFKA_CLUSTER).path("spec").path("kafka").path("listeners").path(0)
                .path("networkPolicyPeers");
        assertFalse(peers.isMissingNode() || peers.isEmpty(), "the Kafka listener admits only its clients");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNamespaceEnforcesPodSecurityRestrictedAndEveryPodMeetsIt(String overlay) {
        Rendered r = Rendered.of(overlay);
        JsonNode labels = r.get("Namespace", NAMESPACE).path("metadata").path("labels");
        assertEquals("restricted", labels.path("pod-security.kubernetes.io/enforce").asText(), overlay + ": PSA enforce label");
        assertEquals("v1.34", labels.path("pod-security.kubernetes.io/enforce-version").asText(),
                overlay + ": PSA pinned to the Kubernetes release the schemas come from");
        List<String> problems = new ArrayList<>();
        for (JsonNode w : workloads(r)) {
            for (String v : PodSecurity.restrictedViolations(podSpec(w))) problems.add(w.path("kind").asText() + "/" + name(w) + " " + v);
        }
        assertTrue(problems.isEmpty(), overlay + ": pods the namespace's Pod Security Admission would reject:\n  "
                + String.join("\n  ", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinned(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (JsonNode w : workloads(r)) {
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : podSpec(w).path(list)) {
                    String image = c.path("image").asText();
                    String id = overlay + ": " + name(w) + "/" + c.path("name").asText() + " image " + image;
                    if (image.contains("@sha256:")) continue;
                    String tag = image.substring(image.lastIndexOf('/') + 1).contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                    assertFalse(tag.isEmpty() || tag.equals("latest"), id + ": no tag or latest");
                    assertFalse(tag.contains("SNAPSHOT"), id + ": a SNAPSHOT tag is rebuilt under the same name");
                    assertTrue(tag.matches("\\d+\\.\\d+\\.\\d+(-cuda)?"), id + ": a release tag (X.Y.Z), not a floating one");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theHeapIsSetTheWayTheImageHonoursIt(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Services s : Services.ALL) {
            JsonNode c = container(r.get("Deployment", s.name()), s.name());
            Map<String, String> env = environment(r, c);
            String toolOptions = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (c.path("image").asText().endsWith("-cuda")) {
                // the CUDA base image has no run-java.sh: Quarkus starts java itself, which reads JAVA_TOOL_OPTIONS
                assertTrue(toolOptions.matches(".*-XX:MaxRAMPercentage=\\d+.*"), overlay + ": " + s.name() + " JAVA_TOOL_OPTIONS=" + toolOptions);
                assertFalse(env.containsKey("JAVA_MAX_MEM_RATIO"), overlay + ": " + s.name() + ": nothing reads JAVA_MAX_MEM_RATIO there");
            } else {
                // UBI OpenJDK: run-java.sh adds -XX:MaxRAMPercentage from JAVA_MAX_MEM_RATIO after JAVA_TOOL_OPTIONS
                String ratio = env.getOrDefault("JAVA_MAX_MEM_RATIO", "");
                assertTrue(ratio.matches("\\d+") && Integer.parseInt(ratio) <= 80, overlay + ": " + s.name() + " JAVA_MAX_MEM_RATIO=" + ratio);
                assertFalse(toolOptions.contains("MaxRAMPercentage"), overlay + ": " + s.name()
                        + ": run-java.sh overrides -XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void ephemeralStorageRequestsCoverTheEmptyDirs(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (JsonNode w : workloads(r)) {
            long emptyDirs = 0;
            for (JsonNode v : podSpec(w).path("volumes")) {
                if (!v.has("emptyDir")) continue;
                assertTrue(v.path("emptyDir").has("sizeLimit"), overlay + ": " + name(w) + " emptyDir " + v.path("name").asText() + " without sizeLimit");
                emptyDirs += quantity("sizeLimit", v.path("emptyDir").path("sizeLimit").asText());
            }
            long requested = 0;
            for (JsonNode c : podSpec(w).path("containers")) {
                JsonNode res = c.path("resources");
                assertTrue(res.path("requests").has("ephemeral-storage"), overlay + ": " + name(w) + "/" + c.path("name").asText()
                        + " requests no ephemeral-storage");
                requested += quantity("ephemeral-storage", res.path("requests").path("ephemeral-storage").asText());
            }
            assertTrue(requested >= emptyDirs, overlay + ": " + name(w) + " requests " + requested + " bytes of ephemeral storage for "
                    + emptyDirs + " bytes of emptyDirs");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesArePartOfHeadcountAndCheckTheirArtifactVolume(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Services s : Services.ALL) {
            JsonNode d = r.get("Deployment", s.name());
            JsonNode template = d.path("spec").path("template");
            assertEquals("headcount", template.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText(),
                    s.name() + ": the PodMonitor selects pods by app.kubernetes.io/part-of");
            JsonNode init = podSpec(d).path("initContainers").path(0);
            assertEquals("artifacts-writable", init.path("name").asText(), s.name() + ": checks that uid 185 can write the artifact root");
            assertEquals(container(d, s.name()).path("image").asText(), init.path("image").asText(), s.name() + ": one image to pull");
        }
    }

    /**
     * The workers annotate their own pod busy/idle (messaging's PodAnnotator): the templates start idle, each worker
     * has an account of its own whose token is mounted and which may only get and patch pods, the pod's name and
     * namespace come from the downward API, the API server is reachable, and the stop deadline fits in the grace
     * period. Everything else keeps no token.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void workersMarkTheirOwnPodBusyWithAnAccountThatMayOnlyPatchPods(String overlay) {
        Rendered r = Rendered.of(overlay);
        Set<String> bound = new TreeSet<>();
        JsonNode binding = r.get("RoleBinding", "worker-pod-annotations");
        assertEquals("Role", binding.path("roleRef").path("kind").asText());
        JsonNode role = r.get("Role", binding.path("roleRef").path("name").asText());
        assertEquals(1, role.path("rules").size(), overlay + ": one rule: " + role);
        JsonNode rule = role.path("rules").path(0);
        assertEquals("[\"\"]", rule.path("apiGroups").toString(), "the core API group only");
        assertEquals("[\"pods\"]", rule.path("resources").toString(), "pods only");
        assertEquals(Set.of("get", "patch"), texts(rule.path("verbs")), "no list, watch, create or delete");
        assertTrue(rule.path("resourceNames").isMissingNode() && rule.path("nonResourceURLs").isMissingNode());
        for (JsonNode subject : binding.path("subjects")) {
            assertEquals("ServiceAccount", subject.path("kind").asText());
            assertEquals(NAMESPACE, subject.path("namespace").asText());
            bound.add(subject.path("name").asText());
        }
        for (Services s : Services.ALL) {
            JsonNode d = r.get("Deployment", s.name());
            JsonNode pod = podSpec(d);
            if (!s.gpuWorker()) {
                assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), s.name() + " needs no API token");
                assertFalse(bound.contains(pod.path("serviceAccountName").asText("default")), s.name());
                continue;
            }
            JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
            assertEquals("true", annotations.path("cluster-autoscaler.kubernetes.io/safe-to-evict").asText(),
                    overlay + ": " + s.name() + " starts idle; the worker marks it busy while a unit runs");
            assertEquals("0", annotations.path("controller.kubernetes.io/pod-deletion-cost").asText(), s.name());
            assertEquals(s.name(), pod.path("serviceAccountName").asText(), s.name() + ": an account of its own");
            assertTrue(pod.path("automountServiceAccountToken").asBoolean(false), s.name() + ": the token is mounted");
            assertTrue(bound.contains(s.name()), s.name() + "'s account may patch its pod: " + bound);
            JsonNode account = r.get("ServiceAccount", s.name());
            assertFalse(account.path("automountServiceAccountToken").asBoolean(true),
                    s.name() + ": the account mounts nowhere by default, only where a pod asks for it");
            Map<String, String> env = environment(r, container(d, s.name()));
            assertEquals("field:metadata.name", env.get("POD_NAME"), s.name());
            assertEquals("field:metadata.namespace", env.get("POD_NAMESPACE"), s.name());
            // the unit may finish within the deadline; the preStop pause before SIGTERM and the consumer's close
            // after the unit (about 10 s) must fit in the grace period as well, or the kubelet kills it mid-commit
            long deadline = seconds(env.get("HEADCOUNT_WORKER_STOP_DEADLINE"), s.name());
            long preStop = container(d, s.name()).path("lifecycle").path("preStop").path("sleep").path("seconds").asLong();
            int grace = pod.path("terminationGracePeriodSeconds").asInt(30);
            assertTrue(deadline >= grace / 2 && preStop + deadline + 30 <= grace, overlay + ": " + s.name()
                    + " stop deadline " + deadline + " s with preStop " + preStop + " s in a grace period of " + grace + " s");
        }
        JsonNode egress = r.get("NetworkPolicy", "workers-kube-api-egress").path("spec");
        assertEquals("worker", egress.path("podSelector").path("matchLabels").path("app.kubernetes.io/component").asText());
        assertEquals(1, egress.path("egress").size());
        Set<String> ports = new TreeSet<>();
        egress.path("egress").path(0).path("ports").forEach(p -> ports.add(p.path("protocol").asText() + "/" + p.path("port").asText()));
        assertEquals(Set.of("TCP/443", "TCP/6443"), ports, "the API server's ports only");
    }

    /** A Quarkus duration as the manifests write it: {@code 840s}, {@code 14m} or ISO-8601 {@code PT840S}. */
    private static long seconds(String duration, String where) {
        assertTrue(duration != null && duration.matches("\\d+[smh]|PT.+"), where + ": not a duration: " + duration);
        if (duration.startsWith("PT")) {
            return java.time.Duration.parse(duration).toSeconds();
        }
        long n = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 'h' -> n * 3600;
            case 'm' -> n * 60;
            default -> n;
        };
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void gpuWorkersAreGuaranteedRequireTheirGpuAndShareVolumesOfTheRwxClass() {
        Rendered r = Rendered.of("gpu");
        for (Services s : Services.ALL) {
            if (!s.gpuWorker()) continue;
            JsonNode c = container(r.get("Deployment", s.name()), s.name());
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            for (String resource : List.of("cpu", "memory", "nvidia.com/gpu")) {
                assertTrue(limits.has(resource), s.name() + ": limit on " + resource);
                assertEquals(quantity(resource, limits.path(resource).asText()),
                        quantity(resource, requests.path(resource).asText(limits.path(resource).asText())),
                        s.name() + ": Guaranteed QoS needs requests = limits for " + resource);
            }
            assertEquals("true", environment(r, c).get("HEADCOUNT_REQUIRE_GPU"), s.name() + ": refuses to start on the CPU");
        }
        for (String claim : List.of("headcount-artifacts", "headcount-cache")) {
            JsonNode pvc = r.get("PersistentVolumeClaim", claim);
            assertFalse(pvc.path("spec").path("storageClassName").asText().isEmpty(), claim + ": the RWX storage class (overlays/gpu/storage.yaml)");
            assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").path(0).asText(), claim);
        }
        assertTrue(r.find("ConfigMap", "deploy-parameters").isEmpty(), "the overlay's parameters are local-config, never applied");
        JsonNode exporter = r.get("Kafka", KAFKA_CLUSTER).path("spec").path("kafkaExporter");
        assertFalse(exporter.isMissingNode(), "Kafka Exporter: consumer-group lag for Prometheus");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Deployments, StatefulSets, and CronJobs as their job's pod template (same {@code spec.template} shape). */
    private static List<JsonNode> workloads(Rendered r) {
        List<JsonNode> workloads = new ArrayList<>(r.ofKind("Deployment"));
        workloads.addAll(r.ofKind("StatefulSet"));
        for (JsonNode cronJob : r.ofKind("CronJob")) {
            var job = cronJob.path("spec").path("jobTemplate").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) job).set("kind", cronJob.path("kind"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) job).set("metadata", cronJob.path("metadata"));
            workloads.add(job);
        }
        return workloads;
    }

    /** A Kubernetes quantity in its base unit: bytes for 1Gi, 512Mi, 10G or 1024; thousandths for CPUs (500m, 4). */
    static long quantity(String resource, String quantity) {
        var m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T|m)?").matcher(quantity);
        if (!m.matches()) return fail(resource + ": not a quantity: '" + quantity + "'");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        if (resource.equals("cpu")) return unit.equals("m") ? n : n * 1000;
        return switch (unit) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1_000L;
            case "M" -> n * 1_000_000L;
            case "G" -> n * 1_000_000_000L;
            case "T" -> n * 1_000_000_000_000L;
            case "" -> n;
            default -> fail(resource + ": " + quantity + " is not a quantity of bytes");
        };
    }

    private static JsonNode configMap(Rendered r, String name) {
        return r.get("ConfigMap", name).path("data");
    }

    private static int partitions(Rendered r, String topic) {
        for (JsonNode t : r.ofKind("KafkaTopic")) {
            if (topic.equals(t.path("spec").path("topicName").asText())) return t.path("spec").path("partitions").asInt();
        }
        return fail("no KafkaTopic " + topic);
    }

    /** Name → value; {@code secret:<name>/<key>} or {@code configMap:<name>/<key>} for references; envFrom included. */
    private static Map<String, String> environment(Rendered r, JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String cm = from.path("configMapRef").path("name").asText();
                configMap(r, cm).fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            } else if (from.has("secretRef")) {
                fail("envFrom a whole Secret hides which keys a service gets: " + from);
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            JsonNode ref = e.path("valueFrom");
            if (ref.has("secretKeyRef")) {
                env.put(name, "secret:" + ref.path("secretKeyRef").path("name").asText() + "/"
                        + ref.path("secretKeyRef").path("key").asText());
            } else if (ref.has("configMapKeyRef")) {
                env.put(name, "configMap:" + ref.path("configMapKeyRef").path("name").asText() + "/"
                        + ref.path("configMapKeyRef").path("key").asText());
            } else if (ref.has("fieldRef")) {
                env.put(name, "field:" + ref.path("fieldRef").path("fieldPath").asText());
            } else {
                env.put(name, e.path("value").asText());
            }
        }
        return env;
    }

    /** mountPath → the pod volume mounted there. */
    private static Map<String, JsonNode> mounts(JsonNode workload, JsonNode container) {
        Map<String, JsonNode> volumes = new HashMap<>();
        podSpec(workload).path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, JsonNode> mounts = new HashMap<>();
        for (JsonNode m : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(m.path("name").asText());
            if (volume == null) fail(name(workload) + " mounts undefined volume " + m.path("name").asText());
            mounts.put(m.path("mountPath").asText(), volume);
        }
        return mounts;
    }

    private static void assertVolume(Map<String, JsonNode> mounts, String path, String type, String field,
                                     String expected, String service) {
        JsonNode volume = mounts.get(path);
        assertTrue(volume != null, service + ": nothing is mounted at " + path);
        assertEquals(expected, volume.path(type).path(field).asText(), service + ": volume at " + path);
    }

    private static void assertProbe(JsonNode container, String probe, String path, Services s) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), s.name() + " " + probe);
        assertTrue(Set.of("http", String.valueOf(s.port())).contains(get.path("port").asText()),
                s.name() + " " + probe + " probes port " + get.path("port").asText());
    }

    private static void collectSecretReferences(Iterable<JsonNode> nodes, Set<String> into) {
        for (JsonNode node : nodes) collectSecretReferences(node, into);
    }

    private static void collectSecretReferences(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            if (node.has("secretKeyRef")) into.add(node.path("secretKeyRef").path("name").asText());
            if (node.has("secretRef")) into.add(node.path("secretRef").path("name").asText());
            if (node.path("secret").has("secretName")) into.add(node.path("secret").path("secretName").asText());
            if (node.has("secretTargetRef")) node.path("secretTargetRef").forEach(t -> into.add(t.path("name").asText()));
            node.elements().forEachRemaining(child -> collectSecretReferences(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectSecretReferences(child, into));
        }
    }
}
