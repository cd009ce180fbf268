package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.model.ParameterLayout;

/** The guard names what went non-finite, from the loss terms before the update and from Adam's verdict after. */
class DivergenceGuardTest {
    /** Two tensors: "encoder.0.weight" at [0, 6) and "encoder.0.bias" at [6, 8). */
    private static final ParameterLayout LAYOUT = new ParameterLayout(List.of(
            new ParameterLayout.Slot("encoder.0.weight", 0, List.of(2, 3)),
            new ParameterLayout.Slot("encoder.0.bias", 6, List.of(2))));

    @Test
    void aNonFiniteLossTermIsNamedBeforeTheUpdate() {
        BatchLoss.Result r = new BatchLoss.Result(new Elbo.Terms(Double.NaN, 1, 4), Double.NaN);
        assertThatThrownBy(() -> DivergenceGuard.checkLoss(r, 7, 2))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at step 7 (epoch 2)")
                .hasMessageContaining("the reconstruction term is not finite");
    }

    @Test
    void itsAdviceNamesTheFieldsThatCureItForACallerToNameItsOwnWay() {
        BatchLoss.Result r = new BatchLoss.Result(new Elbo.Terms(1, Double.POSITIVE_INFINITY, 4), 1);
        assertThatThrownBy(() -> DivergenceGuard.checkLoss(r, 3, 1))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e).hasMessageContaining("the KL term is not finite (try a smaller learning rate or a"
                            + " clip norm); no model was written").hasMessageNotContaining("--");
                    assertThat(e.restatedAs(m -> m.record().getSimpleName() + "." + m.field()).getMessage())
                            .contains("(try a smaller TrainConfig.learningRate or TrainConfig.clipNorm)");
                });
    }

    @Test
    void aFiniteVerdictPassesWithoutScanning() {
        float[] grads = new float[8];
        grads[3] = Float.NaN; // never looked at: Adam said every value was finite
        assertThatCode(() -> DivergenceGuard.afterUpdate(true, grads, new float[8], LAYOUT, 1, 1))
                .doesNotThrowAnyException();
    }

    @Test
    void aNonFiniteGradientIsNamedByItsTensor() {
        float[] grads = new float[8];
        grads[7] = Float.POSITIVE_INFINITY;
        float[] params = new float[8];
        params[0] = Float.NaN; // the update it caused; the gradient is the cause and is named first
        assertThatThrownBy(() -> DivergenceGuard.afterUpdate(false, grads, params, LAYOUT, 12, 3))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at step 12 (epoch 3)")
                .hasMessageContaining("the gradient of encoder.0.bias is not finite");
    }

    @Test
    void aWeightBrokenByAFiniteGradientIsNamedByItsTensor() {
        float[] params = new float[8];
        params[4] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> DivergenceGuard.afterUpdate(false, new float[8], params, LAYOUT, 5, 1))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("the update made encoder.0.weight (weights)")
                .hasMessageContaining("no model was written");
    }

    /** A step that claimed the weight tensor [0, 6) and applied it from {@code weightGradient}, then finished. */
    private static Adam.Step fusedStep(float[] params, float[] weightGradient, float[] grads) {
        Adam.Step step = new Adam(8, 0.1).begin(params, 0.1);
        step.claim(0, 6);
        step.apply(weightGradient, 0, 3, 0, 3, 2, 3, null, 0);
        step.finish(grads);
        return step;
    }

    @Test
    void aClaimedWeightsBadGradientIsNamedThoughTheArrayDoesNotHoldIt() {
        float[] weightGradient = new float[6];
        weightGradient[4] = Float.NaN;
        float[] grads = new float[8];
        grads[7] = Float.NaN; // a later tensor's bad gradient: the claimed one comes first
        float[] params = new float[8];
        Adam.Step step = fusedStep(params, weightGradient, grads);
        assertThatThrownBy(() -> DivergenceGuard.afterUpdate(false, grads, params, LAYOUT, 4, 1, step))
                .hasMessageContaining("the gradient of encoder.0.weight is not finite");
    }

    @Test
    void aStaleValueAtAClaimedIndexIsNotTakenForThisStepsGradient() {
        float[] grads = new float[8];
        grads[1] = Float.NaN;  // stale: the step took encoder.0.weight's gradients in the pass, all finite
        grads[6] = Float.POSITIVE_INFINITY; // this step's bias gradient
        float[] params = new float[8];
        Adam.Step step = fusedStep(params, new float[6], grads);
        assertThatThrownBy(() -> DivergenceGuard.afterUpdate(false, grads, params, LAYOUT, 4, 1, step))
                .hasMessageContaining("the gradient of encoder.0.bias is not finite");
    }
}
