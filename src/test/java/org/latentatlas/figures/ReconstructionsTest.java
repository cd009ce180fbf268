package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class ReconstructionsTest {
    /** plot --limit 5 of a 10-class model: five images cannot fill ten columns, so they fill five. */
    @Test
    void aSplitOfFewerImagesThanClassesShowsEachOfThemOnce() {
        FigureContext five = firstOf(5);
        TiledFigure figure = Reconstructions.figure(five);
        assertThat(figure.table().cols()).isEqualTo(5);
        assertThat(figure.table().rows()).isEqualTo(2);
    }

    /** The first {@code n} examples of the digits' test split, whichever classes they are. */
    private static FigureContext firstOf(int n) {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2), new Rng(3));
        int[] keep = IntStream.range(0, n).toArray();
        return FigureContext.of("m.safetensors", vae, split.test().subset(keep, " (first " + n + ")"), "test", 0,
                null);
    }
}
