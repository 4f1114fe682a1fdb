/**
 * Losses of the pre-training and downstream tasks, computed on the engine so that their gradients
 * reach the head gates: masked LM, classification, regression, contrastive InfoNCE.
 */
package dev.headcount.engine.objective;
