/**
 * Task metrics in plain Java. This module depends on nothing but the JDK: the report service reuses
 * it in an image without DJL or native libraries.
 *
 * <p>{@link dev.headcount.metrics.ExamplePredictions} is the per-example data every interval is
 * resampled from (one form per kind of task) and defines each metric's chance level; the module
 * README lists which statistic takes which per-example input.
 */
package dev.headcount.metrics;
