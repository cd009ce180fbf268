package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.latentatlas.model.InvalidSettingException;

/** What training maximizes; every objective trains the same architecture and saves the same file format. */
public enum Objective {
    /** The (β-weighted) ELBO with the KL in closed form (Kingma &amp; Welling 2014). */
    ELBO("elbo"),
    /**
     * The importance-weighted bound log (1/k) Σ w_i (Burda et al. 2015), w_i = p(x|z_i)p(z_i)/q(z_i|x) with the
     * k samples reparameterized; at k = 1 it is the single-sample ELBO with the KL estimated at the sample.
     */
    IWAE("iwae"),
    /**
     * A plain autoencoder on the same network: z = μ, no sampling and no KL. The logvar head stays in the
     * model (so AE and VAE files have the same tensors) and still runs: the forward pass computes σ from it and
     * multiplies it by ε = 0. Its gradient is therefore written as zeros, and Adam, stepping over them, leaves its
     * weights at their initialization.
     */
    AE("ae");

    private final String spec;

    Objective(String spec) {
        this.spec = spec;
    }

    /** How it is written on the command line and in model metadata (lowercase, as the user types it). */
    @JsonValue
    public String spec() {
        return spec;
    }

    public static Objective parse(String s) {
        String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (Objective o : values()) {
            if (o.spec.equals(t)) {
                return o;
            }
        }
        throw new InvalidSettingException(TrainConfig.class, "objective", "objective", "must be elbo, iwae or ae",
                s);
    }
}
