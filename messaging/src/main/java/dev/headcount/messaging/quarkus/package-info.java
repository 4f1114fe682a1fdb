/**
 * The Quarkus/Kafka side of {@link dev.headcount.messaging}, shared by the four services (a bean library: the jar's
 * {@code beans.xml} makes these beans part of each service): {@link dev.headcount.messaging.quarkus.EmitterSink}
 * (the outgoing channel {@code events-out}) and {@link dev.headcount.messaging.quarkus.RecordBeans} (the
 * {@code Publisher} and the {@code RecordProcessor} from the {@code headcount.records.*} keys). A service keeps only
 * its thin {@code @Incoming} methods, which hand each record to the {@code RecordProcessor}.
 */
package dev.headcount.messaging.quarkus;
