/**
 * What a worker process keeps from one unit of work to the next ({@link dev.headcount.pipeline.cache.WorkerCache}):
 * opened models, loaded tasks and tokenised batch lists, so that the shards of one map or the curves of one model
 * do not load and tokenise the same things again. Plain Java on the engine; no Kafka, no Quarkus.
 */
package dev.headcount.pipeline.cache;
