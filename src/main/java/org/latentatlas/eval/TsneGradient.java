package org.latentatlas.eval;

/**
 * The gradient of t-SNE's objective KL(P‖Q) with respect to the embedding, with P scaled by the early
 * exaggeration: ∂/∂y_i = 4 Σ_j (α p_ij − q_ij) w_ij (y_i − y_j), w_ij = 1 / (1 + ‖y_i − y_j‖²), q_ij = w_ij / Z,
 * Z = Σ_{k≠l} w_kl. {@link ExactGradient} sums over all pairs; {@link BarnesHutGradient} estimates it.
 */
interface TsneGradient {
    /** Writes the gradient at y (n, 2) into grad (n, 2), with P multiplied by {@code exaggeration}. */
    void gradient(double[] y, double exaggeration, double[] grad);
}
