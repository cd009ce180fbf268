/**
 * The numeric core the layers and the loss call: no model knowledge, only flat row-major {@code float[]}
 * slices with offsets.
 *
 * <ul>
 *   <li>{@link org.latentatlas.math.Gemm}: the three products a linear layer needs (forward
 *       {@code y = x·Wᵀ}, input gradient {@code dx = dy·W}, weight gradient {@code dW = dyᵀ·x}). Read its
 *       contract in {@link org.latentatlas.math.ScalarGemm}, the plain triple loop every fast kernel is tested
 *       against; {@link org.latentatlas.math.VectorGemm} is the Vector API implementation, its register tiles in
 *       {@code MicroKernel}.</li>
 *   <li>{@link org.latentatlas.math.VectorOps} (oracle {@link org.latentatlas.math.ScalarOps}): bias, ReLU
 *       and row sums; {@link org.latentatlas.math.ElementwiseOps}: the vectorized loss and Adam passes.</li>
 *   <li>{@link org.latentatlas.math.SparseBatch}: the first layer's products on a mostly-zero input, skipping
 *       the zeros with the same results.</li>
 *   <li>{@link org.latentatlas.math.WeightUpdate}: the optimizer's step as the weight-gradient products see it,
 *       so that they hand dW over a block at a time instead of writing it (Adam implements it).</li>
 *   <li>{@link org.latentatlas.math.Parallel}: the small fork-join that splits work over the cores;
 *       {@link org.latentatlas.math.Rng}: the one random number generator, whose state a checkpoint saves.</li>
 * </ul>
 * Results never depend on the thread count: work is split so every output element has one owner and a fixed
 * summation order. Nor on the JDK: every exp, log, tanh, pow and cos in the numeric code (here, in the model, the
 * training and the evaluation) is {@link java.lang.StrictMath}'s, fdlibm's results on every JDK and CPU, where
 * {@code Math}'s may differ by an ulp (JDK 25's {@code Math.tanh} is an intrinsic that differs from JDK 17's in ~11 %
 * of doubles; {@code Math.exp} and {@code log} are CPU-specific stubs); and a vector accumulator's lanes are added in
 * lane order ({@link org.latentatlas.math.ScalarOps#sumInOrder}), never by {@code reduceLanes(ADD)}, whose order is
 * the JDK's. {@code JdkIndependenceTest} holds the main sources to both, and {@code docs/determinism.md} says what is
 * guaranteed.
 *
 * <p>Why the kernels look as they do (packing, the register tile, the loop shape per JDK, the transposed-C forward
 * pass, the sparse first layer, the pool), with the measurement behind each choice: {@code docs/kernels.md}.
 */
package org.latentatlas.math;
