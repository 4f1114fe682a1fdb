/**
 * One way to handle a consumed record and one way to publish, for every service (scorer, pruner, finetune, report):
 * {@link dev.headcount.messaging.RecordProcessor} parses the record, runs the service's handler with bounded retries
 * and a doubling backoff for failures that may pass, gives up permanent failures (bad input, impossible work,
 * non-finite numbers) and exhausted retries with a dead letter and {@code ExperimentFailed}, and returns only once the
 * broker acknowledged everything the record produced ({@link dev.headcount.messaging.Publisher}); only then may the
 * caller's framework commit the record's offset.
 *
 * <p>Plain Java over {@code events}: no DJL (report-service uses it), no Quarkus (the command line can use it); the
 * Quarkus/Kafka glue is {@link dev.headcount.messaging.quarkus}.
 */
package dev.headcount.messaging;
