package dev.headcount.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * For the services' Quarkus tests: {@code @QuarkusTestResource(LocalStackTestResource.class)} (or
 * {@code @WithTestResource}) points Kafka and MongoDB at one local stack, started once per test JVM and
 * shared by every test class and profile (it stops when the JVM exits), and turns dev services off
 * (they need Docker).
 */
public final class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
    /** The artifact directory of the stack, for services that write artifacts. */
    public static final String ARTIFACT_ROOT = "headcount.artifact-root";

    private static LocalStack shared;

    /** The shared stack, started on first use. */
    public static synchronized LocalStack stack() {
        if (shared == null) {
            LocalStack stack = LocalStack.start(StackSettings.temporary());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "headcount-test-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return configFor(stack());
    }

    /** The configuration that points a Quarkus service at this stack. */
    public static Map<String, String> configFor(LocalStack stack) {
        return Map.of(
                "kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                "quarkus.mongodb.connection-string", stack.mongoConnectionString(),
                "quarkus.devservices.enabled", "false",
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.mongodb.devservices.enabled", "false",
                ARTIFACT_ROOT, stack.artifactRoot().toString());
    }

    /** Nothing: the stack outlives one Quarkus application so that the next test class reuses it. */
    @Override
    public void stop() {
    }
}
