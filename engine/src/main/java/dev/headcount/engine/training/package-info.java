/**
 * Fine-tuning: AdamW with decoupled weight decay written on NDArrays, a linear warm-up/decay
 * schedule, clipping by global norm, gradient accumulation, training under a head mask (masked
 * heads stay silent and their weights frozen), evaluation on the dev split, and progress events.
 */
package dev.headcount.engine.training;
