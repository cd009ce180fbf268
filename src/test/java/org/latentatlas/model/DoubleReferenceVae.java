package org.latentatlas.model;

import java.util.List;

/**
 * The VAE's losses and gradients written out again in double precision with plain loops: the oracle for the
 * float model. Same flat parameter layout as {@link Vae} ({@link VaeConfig#tensorShapes()} order: linears, then
 * {@code likelihood.logsigma} when σ is learned), same activation, same likelihood.
 * <ul>
 *   <li>{@link #loss}: mean over the batch of recon + β·½Σ(μ² + σ² − logσ² − 1), z = μ + exp(½·logσ²)·ε;</li>
 *   <li>{@link #iwae}: −mean_i log (1/k) Σ_s w_is with log w = −recon − ½Σz² + ½Σε² + ½Σlogσ².</li>
 * </ul>
 */
final class DoubleReferenceVae {
    private final VaeConfig config;
    private final List<VaeConfig.LinearSpec> specs;
    private final int encoderLayers;
    private final Activation activation;
    private final Likelihood likelihood;
    private final int learnedOffset; // −1 unless σ is learned

    DoubleReferenceVae(VaeConfig config) {
        this.config = config;
        this.specs = config.linears();
        this.encoderLayers = config.encoderHidden().size();
        this.activation = Activation.parse(config.activation());
        this.likelihood = Likelihood.parse(config.likelihood());
        ParameterLayout layout = ParameterLayout.of(config); // this reads the file's order
        this.learnedOffset = config.learnedLikelihoodCount() > 0
                ? layout.fileOffset(layout.slot(Likelihood.LEARNED_TENSOR)) : -1;
    }

    /** Activations of one forward pass over {@code rows} rows. */
    private final class Pass {
        final double[][] pre = new double[specs.size()][];
        final double[][] act = new double[specs.size()][];
        double[] h;
        double[] mu;
        double[] logvar;
        double[] z;
        double[] out;
        double[] x;
        double[] eps;
        int rows;
    }

    private Pass forward(double[] p, double[] x, double[] eps, int rows) {
        int[] offsets = offsets();
        Pass f = new Pass();
        f.x = x;
        f.eps = eps;
        f.rows = rows;
        double[] h = x;
        for (int l = 0; l < encoderLayers; l++) {
            f.pre[l] = linear(p, offsets[l], specs.get(l), h, rows);
            h = f.act[l] = apply(f.pre[l]);
        }
        f.h = h;
        f.mu = linear(p, offsets[encoderLayers], specs.get(encoderLayers), h, rows);
        f.logvar = linear(p, offsets[encoderLayers + 1], specs.get(encoderLayers + 1), h, rows);
        f.z = new double[f.mu.length];
        for (int i = 0; i < f.z.length; i++) {
            f.z[i] = f.mu[i] + Math.exp(0.5 * f.logvar[i]) * eps[i];
        }
        double[] d = f.z;
        for (int l = encoderLayers + 2; l < specs.size(); l++) {
            f.pre[l] = linear(p, offsets[l], specs.get(l), d, rows);
            d = f.act[l] = l < specs.size() - 1 ? apply(f.pre[l]) : f.pre[l];
        }
        f.out = d;
        return f;
    }

    /** −log p(x_row | out_row) of one row. */
    private double recon(double[] p, Pass f, int r) {
        int dim = config.inputDim();
        double sum = 0;
        for (int d = 0; d < dim; d++) {
            int i = r * dim + d;
            if (learnedOffset >= 0) {
                double s = logSigma(p, d);
                double res = (f.x[i] - f.out[i]) * Math.exp(-s);
                sum += 0.5 * res * res + s + 0.5 * Math.log(2 * Math.PI);
            } else {
                sum += likelihood.negLogLikelihood(f.out[i], f.x[i]);
            }
        }
        return sum;
    }

    private double logSigma(double[] p, int pixel) {
        return p[learnedOffset + (config.learnedLikelihoodCount() == 1 ? 0 : pixel)];
    }

    /** The β-ELBO loss at {@code params}; when {@code grads} is not null, also its gradient. */
    double loss(double[] p, double[] x, double[] eps, int batch, double beta, double[] grads) {
        Pass f = forward(p, x, eps, batch);
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            loss += recon(p, f, r);
        }
        for (int i = 0; i < f.mu.length; i++) {
            loss += beta * 0.5 * (f.mu[i] * f.mu[i] + Math.exp(f.logvar[i]) - f.logvar[i] - 1);
        }
        loss /= batch;
        if (grads != null) {
            double[] weights = new double[batch];
            java.util.Arrays.fill(weights, 1.0 / batch);
            double[] dMu = new double[f.mu.length];
            double[] dLogvar = new double[f.mu.length];
            for (int i = 0; i < f.mu.length; i++) {
                dMu[i] = beta * f.mu[i] / batch;
                dLogvar[i] = beta * 0.5 * (Math.exp(f.logvar[i]) - 1) / batch;
            }
            backward(p, grads, f, weights, dMu, dLogvar);
        }
        return loss;
    }

    /** The IWAE loss; x is (batch, dim), eps (batch·k, latent) example-major. */
    double iwae(double[] p, double[] x, double[] eps, int batch, int k, double[] grads) {
        int dim = config.inputDim();
        int latent = config.latentDim();
        double[] xk = new double[batch * k * dim];
        for (int r = 0; r < batch * k; r++) {
            System.arraycopy(x, (r / k) * dim, xk, r * dim, dim);
        }
        Pass f = forward(p, xk, eps, batch * k);
        double[] logW = new double[batch * k];
        for (int r = 0; r < batch * k; r++) {
            logW[r] = -recon(p, f, r);
            for (int j = r * latent; j < (r + 1) * latent; j++) {
                logW[r] += -0.5 * f.z[j] * f.z[j] + 0.5 * eps[j] * eps[j] + 0.5 * f.logvar[j];
            }
        }
        double loss = 0;
        double[] weights = new double[batch * k];
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < k; s++) {
                max = Math.max(max, logW[i * k + s]);
            }
            double sum = 0;
            for (int s = 0; s < k; s++) {
                sum += Math.exp(logW[i * k + s] - max);
            }
            loss -= max + Math.log(sum / k);
            for (int s = 0; s < k; s++) {
                weights[i * k + s] = Math.exp(logW[i * k + s] - max) / sum / batch;
            }
        }
        loss /= batch;
        if (grads != null) {
            double[] dMu = new double[f.mu.length];
            double[] dLogvar = new double[f.mu.length];
            for (int j = 0; j < f.mu.length; j++) {
                double w = weights[j / latent];
                dMu[j] = w * f.z[j];
                dLogvar[j] = w * (0.5 * Math.exp(0.5 * f.logvar[j]) * eps[j] * f.z[j] - 0.5);
            }
            backward(p, grads, f, weights, dMu, dLogvar);
        }
        return loss;
    }

    /** Backward from weighted per-row reconstructions plus direct gradients on μ and logσ². */
    private void backward(double[] p, double[] grads, Pass f, double[] rowWeights, double[] dMuDirect,
                          double[] dLogvarDirect) {
        int[] offsets = offsets();
        int dim = config.inputDim();
        int rows = f.rows;
        double[] delta = new double[f.out.length];
        for (int i = 0; i < delta.length; i++) {
            int d = i % dim;
            double w = rowWeights[i / dim];
            if (learnedOffset >= 0) {
                double s = logSigma(p, d);
                double e2 = Math.exp(-2 * s);
                double res = f.x[i] - f.out[i];
                delta[i] = w * (f.out[i] - f.x[i]) * e2;
                grads[learnedOffset + (config.learnedLikelihoodCount() == 1 ? 0 : d)] += w * (1 - res * res * e2);
            } else {
                delta[i] = w * likelihood.gradient(f.out[i], f.x[i]);
            }
        }
        int first = encoderLayers + 2;
        for (int l = specs.size() - 1; l >= first; l--) {
            if (l < specs.size() - 1) {
                applyBack(f.pre[l], delta);
            }
            double[] in = l == first ? f.z : f.act[l - 1];
            delta = linearBack(p, grads, offsets[l], specs.get(l), in, delta, rows);
        }
        double[] dMu = new double[f.mu.length];
        double[] dLogvar = new double[f.mu.length];
        for (int i = 0; i < f.mu.length; i++) {
            double sigma = Math.exp(0.5 * f.logvar[i]);
            dMu[i] = delta[i] + dMuDirect[i];
            dLogvar[i] = delta[i] * 0.5 * sigma * f.eps[i] + dLogvarDirect[i];
        }
        double[] dh1 = linearBack(p, grads, offsets[encoderLayers], specs.get(encoderLayers), f.h, dMu, rows);
        double[] dh2 = linearBack(p, grads, offsets[encoderLayers + 1], specs.get(encoderLayers + 1), f.h, dLogvar,
                rows);
        double[] dh = new double[dh1.length];
        for (int i = 0; i < dh.length; i++) {
            dh[i] = dh1[i] + dh2[i];
        }
        for (int l = encoderLayers - 1; l >= 0; l--) {
            applyBack(f.pre[l], dh);
            double[] in = l == 0 ? f.x : f.act[l - 1];
            dh = linearBack(p, grads, offsets[l], specs.get(l), in, dh, rows);
        }
    }

    private double[] apply(double[] pre) {
        double[] y = new double[pre.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = activation.apply(pre[i]);
        }
        return y;
    }

    private void applyBack(double[] pre, double[] dy) {
        for (int i = 0; i < dy.length; i++) {
            dy[i] *= activation.derivative(pre[i]);
        }
    }

    int[] offsets() {
        int[] offsets = new int[specs.size()];
        int o = 0;
        for (int l = 0; l < specs.size(); l++) {
            offsets[l] = o;
            o += specs.get(l).in() * specs.get(l).out() + specs.get(l).out();
        }
        return offsets;
    }

    static double[] linear(double[] p, int off, VaeConfig.LinearSpec s, double[] x, int batch) {
        double[] y = new double[batch * s.out()];
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < s.out(); o++) {
                double sum = p[off + s.in() * s.out() + o];
                for (int i = 0; i < s.in(); i++) {
                    sum += x[r * s.in() + i] * p[off + o * s.in() + i];
                }
                y[r * s.out() + o] = sum;
            }
        }
        return y;
    }

    static double[] linearBack(double[] p, double[] g, int off, VaeConfig.LinearSpec s, double[] x, double[] dy,
                               int batch) {
        double[] dx = new double[batch * s.in()];
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < s.out(); o++) {
                double go = dy[r * s.out() + o];
                g[off + s.in() * s.out() + o] += go;
                for (int i = 0; i < s.in(); i++) {
                    g[off + o * s.in() + i] += go * x[r * s.in() + i];
                    dx[r * s.in() + i] += go * p[off + o * s.in() + i];
                }
            }
        }
        return dx;
    }
}
