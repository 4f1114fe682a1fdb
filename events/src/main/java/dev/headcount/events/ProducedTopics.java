package dev.headcount.events;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topics a service declares it writes ({@code headcount.kafka.produces} in its application.properties,
 * comma-separated). Its records name their own topic, so nothing else says which topics those are; deploy/ grants
 * the service's Kafka user Write on exactly these. Checking every send against the declaration makes a service
 * that starts writing a new topic fail in its own tests, rather than on a cluster with an authorization error.
 */
public record ProducedTopics(Set<String> topics) {

    public ProducedTopics {
        topics = Set.copyOf(topics);
    }

    /** {@code "a, b"} → {a, b}; every name must be one of {@link Topics#all()}. */
    public static ProducedTopics parse(String declaration) {
        Set<String> topics = new TreeSet<>();
        Arrays.stream(declaration.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
        for (String topic : topics) {
            if (!Topics.all().contains(topic)) {
                throw new IllegalArgumentException("headcount.kafka.produces names '" + topic + "', which is not a topic of "
                        + "dev.headcount.events.Topics " + Topics.all());
            }
        }
        return new ProducedTopics(topics);
    }

    /** Returns {@code topic}, or throws when the service did not declare it. */
    public String check(String topic) {
        if (!topics.contains(topic)) {
            throw new IllegalStateException("this service writes to " + topic + ", which its headcount.kafka.produces "
                    + new TreeSet<>(topics) + " does not declare: add it there (application.properties) and to its "
                    + "KafkaUser's Write ACLs (deploy/base/kafka/users.yaml); the deploy test checks the two agree");
        }
        return topic;
    }
}
