/**
 * Where tensors live: {@code --device auto|cpu|gpu} (system property {@code headcount.device},
 * environment {@code HEADCOUNT_DEVICE}) turned into one DJL device for the process, with the
 * fallback to the CPU said once in the log, and the native library in use described for
 * {@code headcount doctor}.
 */
package dev.headcount.engine.device;
