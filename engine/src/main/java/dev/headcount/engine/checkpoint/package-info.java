/**
 * Reading and writing model weights: Hugging Face directories (config.json + safetensors), the
 * built-in models' source formats (ONNX, TensorFlow checkpoint bundles), and the engine's own
 * format (a Hugging Face directory, so any tool can read what headcount writes).
 */
package dev.headcount.engine.checkpoint;
