package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latentatlas.cli.PlotOptions.Kind;
import org.latentatlas.cli.PlotOptions.SplitSize;

/** Which figures a split is too small for, and the words plot skips or refuses them with. */
class PlotOptionsTest {
    static final SplitSize ONE_TEST_IMAGE = new SplitSize("test", 1, null);

    @Test
    void onlyTheInterpolationNeedsMoreThanOneImage() {
        for (Kind kind : Kind.values()) {
            assertThat(PlotOptions.tooFewImages(kind, ONE_TEST_IMAGE).isPresent()).as(kind.label())
                    .isEqualTo(kind == Kind.INTERPOLATION);
        }
        assertThat(PlotOptions.tooFewImages(Kind.INTERPOLATION, new SplitSize("test", 2, null))).isEmpty();
    }

    /** A split that small without --limit (a tiny CSV's) names the split; one --limit cut names the limit. */
    @Test
    void theReasonNamesTheSplitAndItsCountOrTheLimitThatLeftIt() {
        assertThat(PlotOptions.tooFewImages(Kind.INTERPOLATION, new SplitSize("train", 1, null))).hasValue("the train"
                + " split holds 1 image, and the interpolation figure walks from one image to another, so it needs at"
                + " least 2");
        assertThat(PlotOptions.tooFewImages(Kind.INTERPOLATION, new SplitSize("test", 1, "1"))).hasValue("--limit 1"
                + " leaves 1 test image, and the interpolation figure walks from one image to another, so it needs at"
                + " least 2");
    }

    @Test
    void aFigureOnlyAsksOfASplitTooSmallForItIsRefusedWithTheWayToMoreImages() {
        assertThatThrownBy(() -> PlotOptions.refuseWhatTheSplitCannotHold(EnumSet.of(Kind.GRID, Kind.INTERPOLATION),
                ONE_TEST_IMAGE)).isInstanceOf(IllegalArgumentException.class).hasMessage("--only interpolation: the"
                + " test split holds 1 image, and the interpolation figure walks from one image to another, so it"
                + " needs at least 2; draw from a larger split or drop interpolation from --only");
    }

    /** The seed's check judges the figures drawn: a skipped interpolation draws no random pair. */
    @Test
    void aFigureTheSplitIsTooSmallForIsNotDrawn() {
        Set<Kind> all = EnumSet.of(Kind.SCATTER, Kind.INTERPOLATION, Kind.SAMPLES);
        assertThat(PlotOptions.drawn(all, false, ONE_TEST_IMAGE)).containsExactly(Kind.SCATTER, Kind.SAMPLES);
        assertThat(PlotOptions.drawn(all, true, ONE_TEST_IMAGE)).containsExactly(Kind.SCATTER);
        assertThat(PlotOptions.drawn(all, false, new SplitSize("test", 2, null))).isEqualTo(all);
    }
}
