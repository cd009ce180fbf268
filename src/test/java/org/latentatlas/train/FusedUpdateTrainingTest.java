package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.math.Rng;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * Every objective the trainer runs, with Adam handed to the backward pass, takes the very steps it takes with Adam
 * after the pass: the same parameters, moments and losses to the bit, through the Gaussian heads, the decoder's
 * input gradient (which reads weights the update changes) and a learned likelihood's parameters.
 */
class FusedUpdateTrainingTest {

    @ParameterizedTest(name = "{0}, {1} likelihood, {2} activation, input density {3}")
    @CsvSource({
        "ELBO, bernoulli, relu, 0.13",
        "ELBO, gaussian(learned), relu, 0.6",
        "ELBO, bernoulli, tanh, 0.13",
        "AE, bernoulli, relu, 0.13",
        "IWAE, bernoulli, relu, 0.13",
    })
    void objectiveTakesTheSameStepsWithTheUpdateInThePass(String objective, String likelihood, String activation,
                                                          double density) {
        VaeConfig config = VaeConfig.of(8, 8, List.of(48, 32), 4, null, likelihood, activation);
        ParameterLayout layout = ParameterLayout.of(config);
        Vae fused = Vae.initialize(config, new Rng(5));
        Vae plain = Vae.initialize(config, new Rng(5));
        int size = fused.parameters().length;
        Adam fusedAdam = new Adam(size, 3e-3);
        Adam plainAdam = new Adam(size, 3e-3);
        float[] fusedGrads = new float[size];
        float[] plainGrads = new float[size];
        BatchLoss fusedLoss = new BatchLoss();
        BatchLoss plainLoss = new BatchLoss();
        Rng data = new Rng(9);
        int batch = 64;
        int k = objective.equals("IWAE") ? 3 : 1;
        for (int step = 0; step < 4; step++) {
            float[] x = new float[batch * k * 64];
            for (int i = 0; i < batch * 64; i++) {
                x[i] = data.nextFloat() < density ? 1f : 0f;
            }
            for (int i = batch - 1; i >= 0; i--) { // example i to rows i·k..i·k+k−1, as the trainer spreads them
                for (int c = k - 1; c >= 0; c--) {
                    System.arraycopy(x, i * 64, x, (i * k + c) * 64, 64);
                }
            }
            float[] eps = new float[batch * k * 4];
            data.fillGaussian(eps, 0, eps.length);

            Adam.Step update = fusedAdam.begin(fused.parameters(), 3e-3);
            BatchLoss.Result a = run(objective, fusedLoss, fused, x.clone(), eps, batch, k, fusedGrads, update);
            boolean fusedFinite = update.finish(fusedGrads);
            BatchLoss.Result b = run(objective, plainLoss, plain, x.clone(), eps, batch, k, plainGrads, null);
            boolean plainFinite = plainAdam.update(plain.parameters(), plainGrads, 3e-3);

            assertThat(update.isClaimed(layout.weightOffset("encoder.0"))).as("the data layer, fused").isTrue();
            assertThat(update.isClaimed(layout.weightOffset("decoder.0"))).as("the decoder's first layer").isTrue();
            assertThat(update.isClaimed(layout.biasOffset("decoder.0"))).as("a bias").isFalse();
            assertThat(fusedFinite).isEqualTo(plainFinite).isTrue();
            assertThat(a.loss()).isEqualTo(b.loss());
            assertThat(fused.parameters()).as("parameters after step %d", step).containsExactly(plain.parameters());
            assertThat(fusedAdam.firstMoment()).containsExactly(plainAdam.firstMoment());
            assertThat(fusedAdam.secondMoment()).containsExactly(plainAdam.secondMoment());
        }
    }

    private static BatchLoss.Result run(String objective, BatchLoss loss, Vae vae, float[] x, float[] eps, int batch,
                                        int k, float[] grads, Adam.Step update) {
        return switch (objective) {
            case "AE" -> loss.autoencoder(vae, x, batch, grads, update);
            case "IWAE" -> loss.iwae(vae, x, eps, batch, k, grads, update);
            default -> loss.elbo(vae, x, eps, batch, 1.0, 0.0, grads, update);
        };
    }
}
