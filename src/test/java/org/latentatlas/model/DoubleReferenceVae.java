package org.latentatlas.model;

import java.util.List;

/**
 * The VAE's loss and gradients written out again in double precision with plain loops: the oracle for the
 * float model. Same flat parameter layout as {@link Vae} ({@link VaeConfig#linears()} order), same loss:
 * mean over the batch of Σ BCE(logits, x) + β·½Σ(μ² + σ² − logσ² − 1), with z = μ + exp(½·logσ²)·ε.
 */
final class DoubleReferenceVae {
    private final VaeConfig config;
    private final List<VaeConfig.LinearSpec> specs;
    private final int encoderLayers;

    DoubleReferenceVae(VaeConfig config) {
        this.config = config;
        this.specs = config.linears();
        this.encoderLayers = config.encoderHidden().size();
    }

    /** The loss at {@code params}; when {@code grads} is not null, also its gradient. */
    double loss(double[] p, double[] x, double[] eps, int batch, double beta, double[] grads) {
        int[] offsets = offsets();
        int latent = config.latentDim();
        // Encoder trunk with ReLU after every hidden layer.
        double[][] acts = new double[specs.size() + 1][];
        double[] h = x;
        for (int l = 0; l < encoderLayers; l++) {
            h = relu(linear(p, offsets[l], specs.get(l), h, batch));
            acts[l] = h;
        }
        double[] mu = linear(p, offsets[encoderLayers], specs.get(encoderLayers), h, batch);
        double[] logvar = linear(p, offsets[encoderLayers + 1], specs.get(encoderLayers + 1), h, batch);
        double[] z = new double[batch * latent];
        for (int i = 0; i < z.length; i++) {
            z[i] = mu[i] + Math.exp(0.5 * logvar[i]) * eps[i];
        }
        double[] d = z;
        int first = encoderLayers + 2;
        for (int l = first; l < specs.size(); l++) {
            d = linear(p, offsets[l], specs.get(l), d, batch);
            if (l < specs.size() - 1) {
                d = relu(d);
            }
            acts[l] = d;
        }
        double loss = 0;
        for (int i = 0; i < d.length; i++) {
            loss += Math.max(d[i], 0) - d[i] * x[i] + Math.log1p(Math.exp(-Math.abs(d[i])));
        }
        for (int i = 0; i < mu.length; i++) {
            loss += beta * 0.5 * (mu[i] * mu[i] + Math.exp(logvar[i]) - logvar[i] - 1);
        }
        loss /= batch;
        if (grads == null) {
            return loss;
        }
        // Backward.
        double[] delta = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            delta[i] = (1 / (1 + Math.exp(-d[i])) - x[i]) / batch;
        }
        for (int l = specs.size() - 1; l >= first; l--) {
            if (l < specs.size() - 1) {
                reluBack(acts[l], delta);
            }
            double[] in = l == first ? z : acts[l - 1];
            delta = linearBack(p, grads, offsets[l], specs.get(l), in, delta, batch);
        }
        double[] dMu = new double[mu.length];
        double[] dLogvar = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            double sigma = Math.exp(0.5 * logvar[i]);
            dMu[i] = delta[i] + beta * mu[i] / batch;
            dLogvar[i] = delta[i] * 0.5 * sigma * eps[i] + beta * 0.5 * (Math.exp(logvar[i]) - 1) / batch;
        }
        double[] dh1 = linearBack(p, grads, offsets[encoderLayers], specs.get(encoderLayers), h, dMu, batch);
        double[] dh2 = linearBack(p, grads, offsets[encoderLayers + 1], specs.get(encoderLayers + 1), h, dLogvar, batch);
        double[] dh = new double[dh1.length];
        for (int i = 0; i < dh.length; i++) {
            dh[i] = dh1[i] + dh2[i];
        }
        for (int l = encoderLayers - 1; l >= 0; l--) {
            reluBack(acts[l], dh);
            double[] in = l == 0 ? x : acts[l - 1];
            dh = linearBack(p, grads, offsets[l], specs.get(l), in, dh, batch);
        }
        return loss;
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

    static double[] relu(double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, y[i]);
        }
        return y;
    }

    static void reluBack(double[] y, double[] dy) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] <= 0) {
                dy[i] = 0;
            }
        }
    }
}
