package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;

class ContactSheetTest {
    private static final Dataset DIGITS = DigitsCsv.load();

    @Test
    void moreSamplesPerClassThanTheDataHoldsShowsThemAllAsLongAsTheLargestClass() {
        int[] counts = DIGITS.classCounts();
        int largest = Arrays.stream(counts).max().orElseThrow();
        int smallest = Arrays.stream(counts).min().orElseThrow();

        TiledFigure sheet = ContactSheet.figure(DIGITS, 1000, 0, "caption");

        assertThat(largest).isLessThan(1000);
        assertThat(sheet.title()).isEqualTo("digits: up to " + largest + " images per class");
        assertThat(sheet.table().rowLabels()).contains("digit " + indexOf(counts, smallest) + " (all " + smallest + ")");
    }

    /** A class of many images makes a taller page, not a strip wider than any screen: 1,000 made one 58,000 px wide. */
    @Test
    void aClassWithMoreImagesThanALineHoldsGoesOnBelowNamedOnceWithAWiderGapBeforeTheNext() {
        TiledFigure sheet = ContactSheet.figure(DIGITS, 45, 0, "");
        ImageTable table = sheet.table();

        assertThat(ContactSheet.perLine(DIGITS)).isEqualTo(20);
        assertThat(table.cols()).isEqualTo(20);
        assertThat(table.rows()).isEqualTo(30); // 45 = 20 + 20 + 5: three lines per class
        assertThat(table.rowLabels().subList(0, 4)).containsExactly("digit 0", "", "", "digit 1");
        assertThat(table.rowBreaks()).containsExactlyInAnyOrder(2, 5, 8, 11, 14, 17, 20, 23, 26);
        assertThat(table.mosaicWidth()).isLessThanOrEqualTo(ContactSheet.LINE_WIDTH);
        assertThat(sheet.notes().get(0)).startsWith("Each class fills lines of up to 20 images");
        float[] third = Arrays.copyOfRange(table.pixels(), (2 * 20 + 4) * 64, (2 * 20 + 5) * 64);
        float[] past = Arrays.copyOfRange(table.pixels(), (2 * 20 + 5) * 64, (2 * 20 + 6) * 64);
        assertThat(third[0]).as("the 45th image of class 0 ends its third line").isNotNaN();
        assertThat(past[0]).as("after it, paper").isNaN();
        assertThat(ContactSheet.pixels(DIGITS, 45)).as("the size known before drawing is the drawn one")
                .isEqualTo((long) table.mosaicWidth() * table.mosaicHeight());
    }

    /** The limit crossed on a small sheet: the digits on three lines per class, and one image more needs a fourth. */
    @Test
    void aSheetOverItsPixelLimitIsRefusedNamingTheMostImagesPerClassThatFit() {
        long limit = ContactSheet.pixels(DIGITS, 41); // three lines per class hold up to 60

        assertThat(ContactSheet.largestPerClass(DIGITS, limit)).isEqualTo(60);
        ContactSheet.checkFits(DIGITS, 60, limit);
        assertThatThrownBy(() -> ContactSheet.checkFits(DIGITS, 61, limit))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(String.format(java.util.Locale.ROOT, "61"
                        + " images per class make a contact sheet of %.1f megapixels for the 10 classes of digits (20"
                        + " images to a line), over the limit of %.1f megapixels; at most 60 per class fit",
                        ContactSheet.pixels(DIGITS, 61) / 1e6, limit / 1e6));
        assertThatThrownBy(() -> ContactSheet.checkFits(DIGITS, 1, 100)).hasMessageEndingWith("not even one image per"
                + " class fits");
    }

    /** The sheet is read beside the model figures: the same table, the same scale, ink on paper, named rows. */
    @Test
    void theSheetIsDrawnAsTheModelFiguresDrawImagesWithEachRowNamedByItsClass() {
        TiledFigure sheet = ContactSheet.figure(DIGITS, 5, 42, "data: digits (embedded)");
        ImageTable table = sheet.table();
        assertThat(table.scale()).isEqualTo(ImageTable.of(1, 1, 8, 8, new float[64]).scale()).isEqualTo(7);
        assertThat(table.rowLabels()).containsExactly("digit 0", "digit 1", "digit 2", "digit 3", "digit 4",
                "digit 5", "digit 6", "digit 7", "digit 8", "digit 9");
        assertThat(sheet.title()).isEqualTo("digits: 5 images per class");
        assertThat(sheet.subtitle()).isEqualTo("data: digits (embedded)");
        BufferedImage png = FigureWriter.render(sheet);
        assertThat(png.getRGB(0, 0) & 0xFFFFFF).as("paper").isEqualTo(0xFFFFFF);
        assertThat(darkest(png)).as("the darkest pixel is the figures' ink, not black").isEqualTo(0x111827);
    }

    @Test
    void theSameSeedDrawsTheSameImagesAndAnotherSeedOthers() {
        float[] a = ContactSheet.figure(DIGITS, 3, 7, "").table().pixels();
        assertThat(ContactSheet.figure(DIGITS, 3, 7, "").table().pixels()).isEqualTo(a);
        assertThat(ContactSheet.figure(DIGITS, 3, 8, "").table().pixels()).isNotEqualTo(a);
    }

    /** A short row ends in paper, not in black tiles or framed blanks that would read as images. */
    @Test
    void anImageTablesEmptyPlacesArePaperWithoutAFrame() {
        float[] pixels = new float[2 * 64];
        Arrays.fill(pixels, 64, 128, Float.NaN);
        ImageTable table = ImageTable.of(1, 2, 8, 8, pixels);
        BufferedImage image = new BufferedImage(table.width(), table.height(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        table.draw(g, 0, 0);
        g.dispose();
        int x = table.columnX(1);
        for (int px = x - 1; px < x + 8 * table.scale(); px++) {
            assertThat(image.getRGB(px, 5) & 0xFFFFFF).as("x %d", px).isEqualTo(0xFFFFFF);
        }
        assertThat(image.getRGB(x - 2, 5) & 0xFFFFFF).as("the right edge of the drawn tile's frame")
                .isNotEqualTo(0xFFFFFF);
    }

    @Test
    void fewerThanOneSamplePerClassIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> ContactSheet.figure(DIGITS, 0, 0, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("samples per class must be at least 1, got 0");
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new AssertionError(value + " not found");
    }

    private static int darkest(BufferedImage image) {
        int best = 0xFFFFFF;
        int bestSum = Integer.MAX_VALUE;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int sum = (rgb >> 16) + (rgb >> 8 & 0xFF) + (rgb & 0xFF);
                if (sum < bestSum) {
                    bestSum = sum;
                    best = rgb;
                }
            }
        }
        return best;
    }
}
