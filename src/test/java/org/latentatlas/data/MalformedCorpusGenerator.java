package org.latentatlas.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Writes the malformed-input corpus under src/test/resources/malformed/ and its manifest cases.tsv
 * (case, how to load it, expected message fragments separated by '|'). The files are committed; rerun with
 * {@code java ... MalformedCorpusGenerator src/test/resources/malformed} after changing a case.
 */
public final class MalformedCorpusGenerator {
    private final Path root;
    private final List<String> manifest = new ArrayList<>();

    private MalformedCorpusGenerator(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        MalformedCorpusGenerator g = new MalformedCorpusGenerator(Path.of(args.length > 0 ? args[0] : "src/test/resources/malformed"));
        g.idxCases();
        g.pairCases();
        g.csvCases();
        g.folderCases();
        Files.write(g.root.resolve("cases.tsv"), g.manifest, StandardCharsets.UTF_8);
    }

    private void add(String name, byte[] bytes, String kind, String... fragments) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        if (manifest.stream().noneMatch(l -> l.startsWith(first + "\t"))) {
            manifest.add(first + "\t" + kind + "\t" + String.join("|", fragments));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private void idxCases() throws IOException {
        byte[] good = IdxBytes.images(2, 3, 3, 1);
        add("empty.idx", new byte[0], "images", "too short for an IDX header", "expected at least 4 bytes", "is 0");
        add("truncated-header.idx", Arrays.copyOf(good, 9), "images", "truncated header: expected 16 bytes for 3 dimensions", "file size is 9");
        add("dims-overflow.idx", IdxBytes.raw(0x08, new int[] {0x7fffffff, 0x7fffffff, 0x7fffffff}, 8), "images",
                "more than 2^63", "elements, expected at most");
        add("dims-exceed-file.idx", IdxBytes.raw(0x08, new int[] {60000, 28, 28}, 100), "images",
                "expected 47040016 bytes", "file size is 116", "truncated?");
        add("dim-over-2g.idx", IdxBytes.raw(0x08, new int[] {-1, 2, 2}, 4), "images",
                "is 4294967295, expected 1..2147483647");
        add("zero-count.idx", IdxBytes.raw(0x08, new int[] {0, 2, 2}, 0), "images", "dimension 0", "is 0, expected 1..");
        ByteBuffer le = ByteBuffer.allocate(16 + 18).putInt(0x00000803);
        le.putInt(Integer.reverseBytes(2)).putInt(Integer.reverseBytes(3)).putInt(Integer.reverseBytes(3));
        add("little-endian-dims.idx", le.array(), "images", "file size 34",
                "read little-endian the dimensions would be [2, 3, 3]");
        add("wrong-magic.idx", concat("PK\3\4".getBytes(StandardCharsets.ISO_8859_1), good), "images",
                "bad magic", "expected an IDX magic 00 00", "got 50 4b 03 04");
        add("unknown-type.idx", IdxBytes.raw(0x07, new int[] {1, 2, 2}, 4), "images",
                "unknown IDX element type 0x07", "expected one of");
        add("no-dims.idx", IdxBytes.raw(0x08, new int[0], 0), "images", "expected at least 1 dimension, got 0");
        add("images-2d.idx", IdxBytes.raw(0x08, new int[] {2, 9}, 18), "images",
                "expected an images file with 3 dimensions (count, rows, cols), got 2");
        add("trailing-garbage.idx", concat(good, new byte[] {1, 2, 3, 4, 5}), "images",
                "trailing garbage: expected 34 bytes", "file size is 39 (5 extra)");
        add("trailing-garbage-in-gzip.idx.gz", IdxBytes.gzip(concat(good, new byte[3])), "images",
                "trailing garbage: expected 34 bytes", "decompressed size (counted) is 37", "(3 extra)");
        byte[] bigGood = IdxBytes.images(40, 8, 8, 3);
        byte[] gz = IdxBytes.gzip(bigGood);
        add("truncated-gzip.idx.gz", Arrays.copyOf(gz, gz.length / 2), "images", "gzip", "expected");
        byte[] crc = gz.clone();
        crc[crc.length - 8] ^= 0x55; // CRC-32 is the first 4 trailer bytes
        add("gzip-crc-error.idx.gz", crc, "images", "gzip CRC/length check failed", "expected the trailer's CRC-32");
        byte[] isize = gz.clone();
        Arrays.fill(isize, isize.length - 4, isize.length, (byte) 0xff);
        add("gzip-lying-size.idx.gz", isize, "images", "trailer claims 4294967295 decompressed bytes", "the member holds 2576 bytes");
        // a valid header and trailer that both claim 1000 images of 64x64 (4 MB), but only ~6 KB of pixels inside
        byte[] claimed = IdxBytes.gzip(concat(IdxBytes.raw(0x08, new int[] {1000, 64, 64}, 0), noise(6000)));
        ByteBuffer.wrap(claimed).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(claimed.length - 4, 16 + 1000 * 64 * 64);
        add("gzip-claims-more-than-inside.idx.gz", claimed, "images", "gzip", "after 6016 decompressed bytes", "trailer claims 4096016 decompressed bytes");
        add("gzip-header-only.idx.gz", Arrays.copyOf(gz, 20), "images", "gzip", "expected");
        ByteBuffer nan = ByteBuffer.allocate(16 + 8).putInt(0x00000D03).putInt(1).putInt(1).putInt(2);
        nan.putFloat(Float.NaN).putFloat(0.5f);
        add("nan-pixel-f32.idx", nan.array(), "images", "pixel 0 is NaN", "expected a finite value in [0, 1]");
        ByteBuffer neg = ByteBuffer.allocate(16 + 4).putInt(0x00000B03).putInt(1).putInt(1).putInt(2);
        neg.putShort((short) 7).putShort((short) -3);
        add("negative-pixel-i16.idx", neg.array(), "images", "pixel 1 is -3", "expected a value >= 0");
        add("float-labels.idx", IdxBytes.raw(0x0D, new int[] {2}, 8), "labels", "expected an integer label type", "got 0x0D (f32)");
    }

    private void pairCases() throws IOException {
        add("label-out-of-range/images.idx", IdxBytes.images(3, 2, 2, 0), "pair", "label 2 is 10, out of range: expected 0..9");
        add("label-out-of-range/labels.idx", IdxBytes.labels(1, 9, 10), "pair");
        add("count-mismatch/images.idx", IdxBytes.images(3, 2, 2, 0), "pair", "has 3 images but", "has 2 labels; expected equal counts");
        add("count-mismatch/labels.idx", IdxBytes.labels(1, 2), "pair");
        add("swapped-files/images.idx", IdxBytes.labels(1, 2, 3), "pair", "expected an images file with 3 dimensions",
                "got 1", "images and labels swapped?");
        add("swapped-files/labels.idx", IdxBytes.images(3, 2, 2, 0), "pair");
    }

    private void csvCases() throws IOException {
        add("ragged-rows.csv", ascii("1,2,3,4,0\n5,6,7,8,1\n9,10,11,1\n"), "csv:label=last",
                "line 3: expected 5 values (as on line 1), got 4");
        add("nan-value.csv", ascii("1,2,3,4\n5,NaN,7,8\n"), "csv", "line 2, column 2: expected a finite number, got 'NaN'");
        add("out-of-range.csv", ascii("1,2,3,4\n5,300,7,8\n"), "csv:range=0:255",
                "line 2, column 2: value 300 is out of range: expected [0, 255]");
        add("bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("1,2,3,4\n")), "csv",
                "byte-order mark (EF BB BF)", "expected plain text");
        add("not-a-number.csv", ascii("1,2,3,4\n5,abc,7,8\n"), "csv", "line 2, column 2: expected a number, got 'abc'");
        add("not-square.csv", ascii("1,2,3,4,5\n"), "csv", "cannot infer the image shape: expected a square number of pixel columns, got 5");
        add("header-only.csv", ascii("a,b,c,d\n"), "csv:header", "expected at least one data row, got none");
        add("binary.csv", new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF}, "csv", "expected UTF-8 text");
        add("fractional-label.csv", ascii("1,2,3,4,0.5\n"), "csv:label=last", "line 1, column 5 (the label column, --csv-label 4): label 0.5 is not a class index", "expected an integer >= 0");
        add("missing-label-column.csv", ascii("a,b,c,d,y\n1,2,3,4,0\n"), "csv:header,label=class",
                "label column 'class' not found", "expected a header name (one of a, b, c, d, y)");
        add("wrong-shape.csv", ascii("1,2,3,4,5,6\n"), "csv:shape=2x2", "shape 2x2 expected 4 pixel columns, the file has 6");
    }

    private void folderCases() throws IOException {
        add("empty-folder/.gitkeep", new byte[0], "folder", "expected one sub-folder of images per class, it is empty");
        add("non-image-file/a/notes.txt", ascii("hello"), "folder", "notes.txt", "expected a PNG (89 50 4E 47) or JPEG",
                "got a file starting 68 65 6c 6c");
        add("mixed-sizes/a/1.png", png(4, 4), "folder", "2.png", "image is 5x4 (rows x cols), expected 4x4", "--resize 4x4");
        add("mixed-sizes/b/2.png", png(5, 4), "folder");
        add("empty-class/a/1.png", png(2, 2), "folder", "empty-class/b", "class folder holds no images");
        add("empty-class/b/.gitkeep", new byte[0], "folder");
        add("huge-png-header/a/big.png", pngHeaderOnly(100_000, 100_000), "folder", "big.png",
                "declares 100000x100000 pixels, expected at most");
        add("corrupt-png/a/bad.png", concat(Arrays.copyOf(png(3, 3), 40), new byte[] {1, 2, 3}), "folder", "bad.png", "corrupt image: expected a decodable PNG or JPEG");
        add("no-class-folders/x.png", png(2, 2), "folder", "found 1 files but no sub-folder", "expected one sub-folder");
    }

    /** Incompressible bytes, so a gzip of them is about as large as they are. */
    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new java.util.Random(1).nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] png(int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR that claims a huge image, then IEND: no pixel data at all. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(17).put(ascii("IHDR")).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        b.putInt(0).put(ascii("IEND")).putInt(crc(ascii("IEND")));
        return b.array();
    }

    private static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }
}
