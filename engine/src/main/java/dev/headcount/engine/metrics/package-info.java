/**
 * Task metrics in plain Java. Nothing here may depend on DJL: the report service reuses these
 * classes in an image without native libraries.
 */
package dev.headcount.engine.metrics;
