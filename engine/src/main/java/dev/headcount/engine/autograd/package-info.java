/**
 * Differentiation that stays right: the one place where the engine runs backward passes, makes
 * scalar operands, turns recording off, and refuses non-finite numbers.
 *
 * <h2>Why this package exists</h2>
 * DJL's {@code NDArray.div(Number)} (and {@code mul}, {@code add}, {@code sub}, {@code pow},
 * {@code maximum}, {@code minimum}, {@code clip}, … with a Java number) wraps the number in a
 * 0-dimensional tensor whose storage is a direct {@code ByteBuffer} ({@code torch::from_blob}, no
 * copy), uses it, and closes the wrapper at once. PyTorch's autograd keeps that tensor for the
 * backward pass ({@code div} and {@code mul} need their operand). Once the Java garbage collector
 * frees the buffer, backward reads freed memory: with a collection between forward and backward,
 * {@code x.div(8f)} gave a gradient of {@code Infinity} or {@code -7.78e-32} instead of 0.125 in 30
 * of 30 runs. Any collection inside a forward→backward window silently corrupts that step.
 *
 * <h2>The rule, and how it is enforced</h2>
 * <ul>
 *   <li>No Java number is an operand of an NDArray operation in engine code: scalars are made with
 *       {@link dev.headcount.engine.autograd.Scalars}, which asks PyTorch to allocate them
 *       ({@code torch::full}), so autograd owns what it saved. {@code EngineArchitectureTest} fails
 *       the build when engine main code calls any NDArray method that takes a {@code Number}.</li>
 *   <li>Arrays the engine creates from Java data (token ids, masks, labels, averaging matrices) do
 *       live in DJL-owned direct buffers, but they stay attached to the batch's manager, which is
 *       closed only after backward: they are referenced for as long as autograd may read them.
 *       Engine code never closes such an array before its backward pass.</li>
 *   <li>Every backward pass goes through {@link dev.headcount.engine.autograd.Autograd#backward},
 *       which refuses a non-finite loss and runs the test hook that forces a full collection
 *       inside the window (the tests compare results with and without it, bit for bit).</li>
 *   <li>Forward passes that need no gradient run under {@link dev.headcount.engine.autograd.Autograd#noGrad()}:
 *       PyTorch's grad mode is per thread, and DJL turns it off only on the thread that started the
 *       engine, so a service's worker thread would otherwise record a graph for every evaluation.</li>
 * </ul>
 */
package dev.headcount.engine.autograd;
