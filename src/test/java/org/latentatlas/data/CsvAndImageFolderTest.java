package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvAndImageFolderTest {
    @TempDir Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.US_ASCII);
        return p;
    }

    @Test
    void csvWithHeaderNamedLabelGivenRangeAndShape() throws Exception {
        Path p = write("a.csv", "p0,p1,label,p2,p3,p4,p5\n0,255,1,0,0,0,51\n255,0,0,0,0,0,0\n");
        Dataset d = Csv.load(p, new Csv.Options(true, "label", new ValueRange(0, 255), new Shape(2, 3)));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.levels()).isEqualTo(255);
        assertThat(d.pixels()[1]).isEqualTo(1f);
        assertThat(d.pixels()[5]).isCloseTo(0.2f, within(1e-6f));
        assertThat(d.sha256()).isEqualTo(Hashing.sha256Hex(Files.readAllBytes(p)));
    }

    @Test
    void csvInfersASquareAndAnIntegerRangeAndReadsGzip() throws Exception {
        Path p = tmp.resolve("b.csv.gz");
        Files.write(p, IdxBytes.gzip("0,16,8,4,2\n1,2,3,4,0\n".getBytes(StandardCharsets.US_ASCII)));
        Dataset d = Csv.load(p, new Csv.Options(false, "last", null, null));
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.levels()).isEqualTo(16);
        assertThat(d.pixels()[1]).isEqualTo(1f);
        assertThat(d.classNames()).containsExactly("0", "1", "2");
    }

    /** Students' CSVs name their classes; the classes are the names, sorted, so a file always numbers them alike. */
    @Test
    void csvLabelsWrittenAsClassNamesBecomeTheClassesInSortedOrder() throws Exception {
        Path p = write("named.csv", "label,p0,p1,p2,p3\ntop,0,1,2,3\n\"boot\",3,2,1,0\nbag,1,1,1,1\ntop,2,2,2,2\n");
        Dataset d = Csv.load(p, new Csv.Options(true, "label", null, null));
        assertThat(d.classNames()).containsExactly("bag", "boot", "top");
        assertThat(d.labels()).containsExactly(2, 1, 0, 2);
        assertThat(d.pixels()[1]).isEqualTo(1f / 3);
    }

    @Test
    void anEmptyLabelIsRefusedNamingItsLine() throws Exception {
        Path p = write("empty-label.csv", "label,p0,p1,p2,p3\ntop,0,1,2,3\n,3,2,1,0\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "label", null, null)))
                .hasMessageContaining("empty-label.csv: line 3, column 1 (label): the label is empty");
    }

    /** The protocol prints this, so Gaussian nats on the [0, 1] pixels can be converted back to the raw values. */
    @Test
    void anInferredRangeIsDescribedWithItsNumbersAndItsOrigin() throws Exception {
        Dataset d = Csv.load(write("real.csv", "-3.09,0.5,1,5\n0,0,0,0\n"), Csv.Options.DEFAULT);
        assertThat(d.range()).isEqualTo(new ValueRange(-3.09, 5, true));
        assertThat(d.range().describe()).isEqualTo("(x + 3.09)/8.09 in [0,1], from the data's range -3.09..5");
        assertThat(d.levels()).as("real values are not counts").isZero();
        assertThat(d.pixels()[0]).isZero();
        assertThat(d.pixels()[3]).isEqualTo(1f);
    }

    @Test
    void aGivenRangeIsDescribedAsTheMappingAlone() throws Exception {
        Dataset d = Csv.load(write("given.csv", "0,51,255,2\n"), new Csv.Options(false, null, new ValueRange(0, 255), null));
        assertThat(d.range().describe()).isEqualTo("x/255 in [0,1]");
        assertThat(new ValueRange(2, 6).describe()).isEqualTo("(x - 2)/4 in [0,1]");
    }

    /** Whole values over a whole range of L steps are counts k/L, whatever the range's start. */
    @Test
    void wholeNumbersOverAWholeRangeAreCountsOutOfItsSpan() throws Exception {
        assertThat(Csv.load(write("ints.csv", "-3,0,2,5\n"), Csv.Options.DEFAULT).levels()).isEqualTo(8);
        assertThat(Csv.load(write("ints.csv", "0,3,2,16\n"), Csv.Options.DEFAULT).levels()).isEqualTo(16);
        Csv.Options byte8 = new Csv.Options(false, null, new ValueRange(0, 255), null);
        assertThat(Csv.load(write("ints.csv", "0,3,2,16\n"), byte8).levels()).isEqualTo(255);
        assertThat(Csv.load(write("real.csv", "0,3.5,2,16\n"), byte8).levels()).as("a real value").isZero();
    }

    /** Located as an editor shows it: lines and columns from 1, blank lines counted, the header's name given. */
    @Test
    void aBadCellIsLocatedByLineAndColumnFromOneWithItsHeaderName() throws Exception {
        Path p = write("nan.csv", "p0,p1,p2,p3,label\n0,1,2,3,0\n\n1,2,NaN,3,1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "label", null, null)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(p + ": line 4, column 3 (p2): expected a finite number, got 'NaN'")
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file, not of a setting");
    }

    @Test
    void withoutAHeaderACellIsLocatedByLineAndColumnAlone() throws Exception {
        Path p = write("text.csv", "0,2,1,3\n1,x,2,3\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessage(p + ": line 2, column 2: expected a number, got 'x'");
    }

    /** The range error used a third form ("data row 1 column 0"); it is a setting: --value-range is at fault. */
    @Test
    void aValueOutsideTheGivenRangeIsASettingLocatedLikeAnyOtherCell() throws Exception {
        Path p = write("range.csv", "a,b,c,d\n0,1,2,3\n0,1,-3.09,3\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, new ValueRange(0, 4), null)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(p + ": line 3, column 3 (c): value -3.09 is out of range: expected [0, 4]"
                        + " (--value-range)")
                .matches(e -> ((DatasetException) e).isSetting(), "a setting");
    }

    /** "--value-range 0:10" had been told "value 13.0" of a file that says 13. */
    @ParameterizedTest
    @CsvSource({"13", "1e3", "12.50"})
    void aValueOutsideTheGivenRangeIsQuotedAsTheFileWritesIt(String cell) throws Exception {
        Path p = write("whole.csv", "5,1,2,3\n5," + cell + ",2,3\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, null, new ValueRange(0, 10), null)))
                .hasMessageStartingWith(p + ": line 2, column 2: value " + cell + " is out of range: expected [0, 10]");
    }

    @Test
    void aLabelThatIsNoClassIndexIsLocatedByLineAndColumn() throws Exception {
        Path p = write("labels.csv", "p0,p1,p2,p3,y\n0,1,2,3,1\n0,1,2,3,-1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "y", null, null)))
                .hasMessageStartingWith(p + ": line 3, column 5 (y): label -1.0 is not a class index");
    }

    /**
     * --csv-label counts from 0 and messages from 1: without a header to name it, a cell of the label column is
     * located with both, so a user who typed --csv-label 4 sees that it is column 5.
     */
    @Test
    void aLabelCellOfAFileWithoutAHeaderIsLocatedWithTheIndexCsvLabelTakes() throws Exception {
        Path p = write("labels.csv", "0,1,2,3,1\n0,1,2,3,1.5\n");
        for (String spec : new String[] {"4", "last"}) {
            assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, spec, null, null)))
                    .hasMessageStartingWith(p + ": line 2, column 5 (the label column, --csv-label 4): label 1.5 is"
                            + " not a class index");
        }
        assertThatThrownBy(() -> Csv.load(write("text.csv", "0,1,2,3,1\n0,x,2,3,1\n"),
                new Csv.Options(false, "last", null, null))).hasMessageEndingWith("line 2, column 2: expected a"
                        + " number, got 'x'");
    }

    @Test
    void aLabelIndexPastTheLastColumnIsRefusedWithWhatEachCountAllows() throws Exception {
        Path p = write("five.csv", "0,1,2,3,1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, "5", null, null)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(p + ": label column 5 is out of range: the file has 5 columns, so an index counted from 0"
                        + " is 0..4 (as messages count them, columns 1..5), or 'last' for the last");
    }

    @Test
    void csvWithoutLabelsIsOneUnlabelledClass() throws Exception {
        Dataset d = Csv.load(write("c.csv", "0.5,0.25,0,1\n"), Csv.Options.DEFAULT);
        assertThat(d.classNames()).containsExactly("unlabelled");
        assertThat(d.levels()).as("real values are not counts").isZero();
        assertThat(d.pixels()).containsExactly(0.5f, 0.25f, 0f, 1f);
    }

    private void png(Path file, BufferedImage img) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void imageFolderLabelsBySubFolderAndConvertsToGray() throws Exception {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(2, 1, 0, 200);
        png(tmp.resolve("set/cat/1.png"), gray);
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0xFFFFFF);
        png(tmp.resolve("set/dog/2.png"), rgb);
        Dataset d = ImageFolder.load(tmp.resolve("set"), null);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.labels()).containsExactly(0, 1);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.pixels()[5]).isEqualTo(200 / 255f); // gray read raw, no gamma round trip
        assertThat(d.pixels()[6]).isCloseTo(0.299f, within(1e-3f)); // pure red -> BT.601 luma
        assertThat(d.pixels()[7]).isCloseTo(1f, within(1e-6f));
    }

    /** A colour image's luma and a resized image's interpolated values are no counts a Binomial could score. */
    @Test
    void imageFolderPixelsAreCountsOutOf255OnlyWhenTheyAre() throws Exception {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 2, 0, 77);
        png(tmp.resolve("gray/a/1.png"), gray);
        assertThat(ImageFolder.load(tmp.resolve("gray"), null).levels()).isEqualTo(255);
        BufferedImage greyRgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        greyRgb.setRGB(1, 2, 0x4d4d4d);
        png(tmp.resolve("grey-rgb/a/1.png"), greyRgb);
        assertThat(ImageFolder.load(tmp.resolve("grey-rgb"), null).levels()).as("equal channels").isEqualTo(255);
        BufferedImage colour = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(1, 2, 0x4d0000);
        png(tmp.resolve("colour/a/1.png"), colour);
        Dataset c = ImageFolder.load(tmp.resolve("colour"), null);
        assertThat(c.levels()).as("luma of a colour").isZero();
        assertThat(c.range()).isEqualTo(new ValueRange(0, 255));
        assertThat(ImageFolder.load(tmp.resolve("gray"), new Shape(3, 3)).levels()).as("resized").isZero();
    }

    @Test
    void mixedSizesNeedAnExplicitResize() throws Exception {
        png(tmp.resolve("m/a/1.png"), new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY));
        BufferedImage big = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                big.getRaster().setSample(x, y, 0, 255);
            }
        }
        png(tmp.resolve("m/b/2.png"), big);
        assertThatThrownBy(() -> ImageFolder.load(tmp.resolve("m"), null)).hasMessageContaining("--resize 4x4");
        Dataset d = ImageFolder.load(tmp.resolve("m"), new Shape(4, 4));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.pixels()[16]).isEqualTo(1f);
        assertThat(d.pixels()[0]).isEqualTo(0f);
    }

    @Test
    void sameSizeResizeIsTheIdentity() {
        float[] px = {0, 0.25f, 0.5f, 0.75f, 1, 0.1f};
        ImageFolder.Gray g = new ImageFolder.Gray(2, 3, px, 255);
        assertThat(g.resized(new Shape(2, 3)).pixels()).containsExactly(px);
    }
}
