package dev.headcount.localstack;

import dev.headcount.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka (KRaft: one process is broker and controller), in-process, bound to
 * 127.0.0.1. It formats its storage on first start and reuses it afterwards, and creates every topic of
 * {@link Topics} explicitly (the work topics with {@link #workPartitions} partitions); topic auto-creation is off, so a misspelt topic fails instead of silently
 * appearing. Start with {@link #start(KafkaSettings)}; {@link #stop()} and {@link #restart()} take the broker down
 * and bring it back on the same ports and log directory (fault tests); {@link #close()} stops the broker and deletes
 * a temporary log directory.
 */
public final class LocalKafka implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDirectory;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final KafkaSettings settings;
    /** The running broker, or null between {@link #stop()} and {@link #restart()}. */
    private KafkaRaftServer server;
    private boolean closed;

    private LocalKafka(Path logDirectory, boolean temporary, int port, int controllerPort, KafkaSettings settings) {
        this.logDirectory = logDirectory;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
        this.settings = settings;
    }

    /** A broker on free ports with a temporary log directory (deleted on close): for tests. */
    public static LocalKafka start() {
        return start(KafkaSettings.temporary());
    }

    public static LocalKafka start(KafkaSettings settings) {
        boolean temporary = settings.directory() == null;
        Path logDirectory = temporary ? Directories.temporary("headcount-kafka-")
                : Directories.created(settings.directory());
        int port = FreePorts.orFree(settings.port());
        int controllerPort = FreePorts.orFree(settings.controllerPort());
        LocalKafka kafka = new LocalKafka(logDirectory, temporary, port, controllerPort, settings);
        try {
            formatUnlessFormatted(logDirectory);
            kafka.server = kafka.startServer();
            List<String> others = Topics.all().stream().filter(t -> !Topics.workTopics().contains(t)).toList();
            kafka.createTopics(others, settings.partitions());
            int work = workPartitions(settings);
            List<String> existing = kafka.createTopics(Topics.workTopics(), work);
            if (!existing.isEmpty()) {
                // a state directory from before the work topics had this many keeps its topics: give them the rest
                kafka.growPartitions(existing, work);
            }
            // clients that describe or produce at once find every topic (creation reaches the metadata a moment later)
            kafka.awaitTopics(Topics.all());
            return kafka;
        } catch (RuntimeException | Error e) {
            stop(kafka.server);
            if (temporary) {
                Directories.deleteRecursively(logDirectory);
            }
            throw e;
        }
    }

    /**
     * Partitions of each work topic: {@link Topics#WORK_PARTITIONS} (or the settings' partitions when more), so that
     * as many replicas of a worker kind can share one experiment's units; the other topics have the settings'.
     */
    public static int workPartitions(KafkaSettings settings) {
        return Math.max(Topics.WORK_PARTITIONS, settings.partitions());
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Client settings that reach this broker: start from these when creating producers, consumers, admins. */
    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * Creates the topics that do not exist yet, each with {@code partitions} partitions (replication factor 1).
     * {@link Topics#EXPERIMENTS} keeps its records for good: the history of every experiment (services read requests
     * from the artifact store, {@code StoredRequests}).
     *
     * @return the names that existed already (left as they are)
     */
    public List<String> createTopics(List<String> names, int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (name.equals(Topics.EXPERIMENTS)) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            }
            topics.add(topic);
        }
        List<String> existing = new ArrayList<>();
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).values().forEach((name, created) -> {
                try {
                    created.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        existing.add(name);
                    } else {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
                }
            });
        }
        return existing;
    }

    /** Adds partitions to those of {@code names} that have fewer than {@code partitions} (never removes any). */
    public void growPartitions(List<String> names, int partitions) {
        try (Admin admin = Admin.create(clientProperties())) {
            Map<String, TopicDescription> topics = describe(admin, names);
            Map<String, NewPartitions> grow = new java.util.HashMap<>();
            topics.forEach((name, topic) -> {
                if (topic.partitions().size() < partitions) {
                    grow.put(name, NewPartitions.increaseTo(partitions));
                }
            });
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot give " + names + " " + partitions + " partitions: " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot give " + names + " " + partitions + " partitions: " + e, e);
        }
    }

    /** Waits until every one of {@code names} can be described. */
    public void awaitTopics(List<String> names) {
        try (Admin admin = Admin.create(clientProperties())) {
            describe(admin, names);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topics " + names + " did not appear: " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("topics " + names + " did not appear: " + e, e);
        }
    }

    /** The topics' descriptions; a topic created a moment ago may need a few more to reach the broker's metadata. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A broker on this object's ports and log directory (formatted already), started. */
    private KafkaRaftServer startServer() {
        Properties properties = brokerProperties(logDirectory, port, controllerPort, settings);
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException | Error e) {
            stop(started);
            throw e;
        }
        return started;
    }

    /**
     * Stops the broker as a crash or a maintenance stop would, for fault tests: clients lose their connections and
     * retry, the log directory and both ports stay this object's, and {@link #restart()} brings the broker back.
     *
     * @throws IllegalStateException when it is stopped or closed already
     */
    public synchronized void stop() {
        if (closed || server == null) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " is not running");
        }
        KafkaRaftServer running = server;
        server = null;
        stop(running);
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same client and controller ports and the same log
     * directory (cluster id, topics, records and committed offsets as they were), and waits until every topic of
     * {@link Topics} can be described again.
     *
     * @throws IllegalStateException when it is running or closed
     */
    public synchronized void restart() {
        if (closed || server != null) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " is "
                    + (closed ? "closed" : "running") + ": only a stopped broker restarts");
        }
        server = startServer();
        awaitTopics(Topics.all());
    }

    /** Whether the broker is up (started and not {@linkplain #stop() stopped}). */
    public synchronized boolean running() {
        return !closed && server != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(server);
        server = null;
        if (temporary) {
            Directories.deleteRecursively(logDirectory);
        }
    }

    private static void stop(KafkaRaftServer server) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static Properties brokerProperties(Path logDirectory, int port, int controllerPort,
                                               KafkaSettings settings) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        p.put("metadata.log.dir", logDirectory.toString());
        // one node: every internal topic with one replica, few partitions (fast start)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", String.valueOf(settings.partitions()));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", String.valueOf(settings.autoCreateTopics()));
        // a laptop-sized broker
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return p;
    }

    /** KRaft needs a formatted log directory; an existing one (a restart) keeps its cluster id and data. */
    private static void formatUnlessFormatted(Path logDirectory) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(List.of(logDirectory.toString()))
                    .setMetadataLogDirectory(logDirectory.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDirectory + ": " + e, e);
        }
    }
}
