package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class ManifoldGridTest {
    /** From --grid-size 26 the two ticks either side of the centre both read 0.0 with one decimal. */
    @Test
    void neighbouringTicksDifferAtEveryGridSize() {
        FigureContext ctx = context();
        for (int n = 2; n <= 40; n++) {
            ImageTable table = ManifoldGrid.figure(ctx, n, ManifoldGrid.Plane.PCA).table();
            assertNeighboursDiffer(table.columnLabels(), "columns of " + n);
            assertNeighboursDiffer(table.rowLabels(), "rows of " + n);
        }
    }

    @Test
    void theDefaultGridsTicksKeepOneDecimalAndNoNegativeZero() {
        List<String> ticks = ManifoldGrid.figure(context(), 15, ManifoldGrid.Plane.PCA).table().columnLabels();
        assertThat(ticks).allMatch(t -> t.matches("−?\\d\\.\\d")).contains("0.0").doesNotContain("−0.0");
        assertThat(ManifoldGrid.ticks(new double[] {-0.001, 0.04})).containsExactly("0.00", "0.04");
    }

    private static void assertNeighboursDiffer(List<String> ticks, String what) {
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("%s: %s", what, ticks).isNotEqualTo(ticks.get(i - 1));
        }
    }

    private static FigureContext context() {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2), new Rng(3));
        return FigureContext.of("m.safetensors", vae, split.test(), "test", 0, null);
    }
}
