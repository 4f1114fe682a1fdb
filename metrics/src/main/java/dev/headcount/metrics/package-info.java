/**
 * Task metrics in plain Java. This module depends on nothing but the JDK: the report service reuses
 * it in an image without DJL or native libraries.
 */
package dev.headcount.metrics;
