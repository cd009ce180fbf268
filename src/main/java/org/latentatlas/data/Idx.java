package org.latentatlas.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Reader for IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.): big-endian; bytes 0–1 zero,
 * byte 2 the element type, byte 3 the number of dimensions; one u32 per dimension; then the elements
 * row-major. Files may be gzip-compressed (detected by magic bytes).
 *
 * <p>Every header field is checked against the content size before anything is allocated, so a hostile or
 * damaged header can only produce an error, never a huge allocation: the only large array is the pixels,
 * and it is allocated after the header has been shown to describe exactly the bytes present.
 */
public final class Idx {
    public static final int IMAGES_DIMS = 3; // (count, rows, cols)
    public static final int LABELS_DIMS = 1; // (count)
    /** Classes inferred from labels alone are capped so a stray large label cannot make a huge class list. */
    public static final int MAX_INFERRED_CLASSES = 1000;
    private static final int CHUNK = 1 << 16; // a multiple of every element size
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 16;
    private static final int GZIP_INITIAL_ELEMENTS = 1 << 16; // 256 KiB of floats before any data has arrived

    private Idx() {}

    /** IDX element types with their type byte and size in bytes. */
    public enum ElementType {
        U8(0x08, 1), I8(0x09, 1), I16(0x0B, 2), I32(0x0C, 4), F32(0x0D, 4), F64(0x0E, 8);

        public final int code;
        public final int bytes;

        ElementType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static ElementType of(int code) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        boolean isInteger() {
            return this != F32 && this != F64;
        }

        @Override
        public String toString() {
            return String.format("0x%02X (%s)", code, name().toLowerCase());
        }
    }

    /**
     * A validated header.
     *
     * @param type        element type
     * @param dims        sizes, outermost first, each 1..2^31-1
     * @param headerBytes 4 + 4 * dims.length
     * @param dataBytes   product of dims times the element size, equal to the content after the header
     */
    public record Header(ElementType type, int[] dims, int headerBytes, long dataBytes) {
        public Header {
            dims = dims.clone();
            if (headerBytes != 4 + 4 * dims.length) {
                throw new IllegalArgumentException("header of " + dims.length + " dims must be " + (4 + 4 * dims.length)
                        + " bytes, got " + headerBytes);
            }
        }

        public long elements() {
            return dataBytes / type.bytes;
        }

        @Override
        public String toString() {
            return type + " " + Arrays.toString(dims);
        }
    }

    /**
     * Images read from one IDX file.
     *
     * @param pixels (count, rows*cols) row-major, scaled to [0, 1]
     * @param levels the raw value shown as 1: 255 for u8; the largest value of the set for wider integers (of this
     *               file alone, or of a set's train and test files together: {@link #readSplit}); 0 for floats
     * @param sha256 SHA-256 of the decompressed content
     */
    public record Images(Path file, int count, int rows, int cols, float[] pixels, int levels, String sha256,
                         int elementBytes) {}

    /**
     * An images file's raw values, read and checked but not yet scaled, so a set's train and test files can be
     * scaled on the same levels.
     *
     * @param values (count, rows*cols) row-major, the raw values
     * @param levels the levels these values alone give: 255 for u8, the largest value for wider integers (at least
     *               1), 0 for floats
     */
    private record RawImages(Path file, ElementType type, int count, int rows, int cols, float[] values, int levels,
                             String sha256) {
        /** The images on {@code common} levels; scales the values in place, so this record is spent after. */
        Images scaledTo(int common) {
            if (common > 1) {
                for (int i = 0; i < values.length; i++) {
                    values[i] /= common; // division, not a reciprocal product: v/255f exactly as DigitsCsv scales
                }
            }
            return new Images(file, count, rows, cols, values, common, sha256, type.bytes);
        }
    }

    /** Labels read from one IDX file; {@code labels} is (count). */
    public record Labels(Path file, int[] labels, String sha256, int elementBytes) {}

    /** Reads a 3-D images file. */
    public static Images readImages(Path file) throws DatasetException {
        return readImages(file, null);
    }

    /** Reads a 1-D labels file. */
    public static Labels readLabels(Path file) throws DatasetException {
        return readLabels(file, null);
    }

    /**
     * Reads an images file and its labels and pairs them. {@code classNames} fixes the label range (null:
     * classes 0..max label, named by number). The dataset's hash covers the images content then the labels
     * content, so {@code cat images labels | sha256sum} (decompressed) reproduces it.
     */
    public static Dataset readPair(String name, Path images, Path labels, List<String> classNames)
            throws DatasetException {
        return readPairWithHashes(name, images, labels, classNames).dataset();
    }

    /** A paired dataset and the SHA-256 of each file's decompressed content. */
    public record Pair(Dataset dataset, String imagesSha256, String labelsSha256, long imagesBytes, long labelsBytes) {}

    /** {@link #readPair} that also reports each file's own content hash, for checking against a catalog. */
    public static Pair readPairWithHashes(String name, Path images, Path labels, List<String> classNames)
            throws DatasetException {
        RawPair raw = readRawPair(name, images, labels, classNames);
        return raw.scaledTo(raw.images().levels());
    }

    /** A set's train and test pairs. */
    public record SplitPairs(Pair train, Pair test) {}

    /**
     * Reads a set's train and test files as one set: wider integer files are scaled on the largest value in either
     * (u8 keeps 255, floats 0), as a CSV's range is inferred over the whole file before it is split. Each split's
     * own maximum would give the two different levels, and test pixels would be counts out of another L than the
     * model's Binomial(L) was trained on; the train set's alone would leave larger test values outside 0..L.
     */
    public static SplitPairs readSplit(String name, Path trainImages, Path trainLabels, Path testImages,
                                       Path testLabels, List<String> classNames) throws DatasetException {
        RawPair train = readRawPair(name, trainImages, trainLabels, classNames);
        RawPair test = readRawPair(name, testImages, testLabels, classNames);
        boolean counts = train.images().type().isInteger() && test.images().type().isInteger();
        if (!counts) { // floats are not counts: left to the caller's check that both splits are of one kind
            return new SplitPairs(train.scaledTo(train.images().levels()), test.scaledTo(test.images().levels()));
        }
        int common = Math.max(train.images().levels(), test.images().levels());
        return new SplitPairs(train.scaledTo(common), test.scaledTo(common));
    }

    /** An images file and its labels, read, checked and paired, the pixels not yet scaled. */
    private record RawPair(String name, RawImages images, Labels labels, List<String> classNames, String sha256) {
        /** The pair on {@code levels}; scales the images in place, so this record is spent after. */
        Pair scaledTo(int levels) {
            Images im = images.scaledTo(levels);
            // Levels of a wider integer type are read off the data, not fixed by the format as u8's 255 is.
            ValueRange range = new ValueRange(0, Math.max(1, levels), levels > 0 && images.type() != ElementType.U8);
            Dataset ds = new Dataset(name, im.rows(), im.cols(), im.pixels(), labels.labels(), classNames, levels,
                    range, sha256);
            long imagesBytes = 16 + (long) im.count() * im.rows() * im.cols() * im.elementBytes();
            return new Pair(ds, im.sha256(), labels.sha256(), imagesBytes,
                    8 + (long) labels.labels().length * labels.elementBytes());
        }
    }

    private static RawPair readRawPair(String name, Path images, Path labels, List<String> classNames)
            throws DatasetException {
        MessageDigest pair = Hashing.sha256();
        RawImages im = readRawImages(images, pair);
        Labels lb = readLabels(labels, pair);
        if (im.count() != lb.labels().length) {
            throw new DatasetException("count mismatch: " + images + " has " + im.count() + " images but "
                    + labels + " has " + lb.labels().length + " labels; expected equal counts");
        }
        List<String> names = classNames != null ? classNames : inferClassNames(labels, lb.labels());
        checkLabelRange(labels, lb.labels(), names.size());
        return new RawPair(name, im, lb, names, HexFormat.of().formatHex(pair.digest()));
    }

    static Images readImages(Path file, MessageDigest also) throws DatasetException {
        RawImages raw = readRawImages(file, also);
        return raw.scaledTo(raw.levels());
    }

    private static RawImages readRawImages(Path file, MessageDigest also) throws DatasetException {
        try (ContentFile in = ContentFile.open(file)) {
            in.alsoDigest(also);
            Header h = readHeader(in);
            if (h.dims().length != IMAGES_DIMS) {
                String hint = h.dims().length == LABELS_DIMS ? " (this looks like a labels file: images and labels swapped?)" : "";
                throw DatasetException.in(file, "expected an images file with 3 dimensions (count, rows, cols), got "
                        + h.dims().length + " " + Arrays.toString(h.dims()) + hint);
            }
            int count = h.dims()[0];
            int rows = h.dims()[1];
            int cols = h.dims()[2];
            float[] values = readPixels(in, h); // (count, rows*cols)
            in.expectEnd(h.headerBytes() + h.dataBytes());
            return new RawImages(file, h.type(), count, rows, cols, values, levels(h.type(), values), in.sha256Hex());
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw DatasetException.in(file, "cannot close: " + e.getMessage(), e);
        }
    }

    static Labels readLabels(Path file, MessageDigest also) throws DatasetException {
        try (ContentFile in = ContentFile.open(file)) {
            in.alsoDigest(also);
            Header h = readHeader(in);
            if (h.dims().length != LABELS_DIMS) {
                String hint = h.dims().length == IMAGES_DIMS ? " (this looks like an images file: images and labels swapped?)" : "";
                throw DatasetException.in(file, "expected a labels file with 1 dimension (count), got "
                        + h.dims().length + " " + Arrays.toString(h.dims()) + hint);
            }
            if (!h.type().isInteger()) {
                throw DatasetException.in(file, "expected an integer label type (u8, i8, i16, i32), got " + h.type());
            }
            int[] labels = readLabelValues(in, h); // (count)
            in.expectEnd(h.headerBytes() + h.dataBytes());
            return new Labels(file, labels, in.sha256Hex(), h.type().bytes);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw DatasetException.in(file, "cannot close: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates the header against the content size; allocates nothing the header sizes beyond 1 KiB (a
     * gzip whose trailer disagrees is counted through fixed buffers).
     */
    static Header readHeader(ContentFile in) throws DatasetException {
        Path file = in.file();
        long size = in.contentSizeAtLeast(4);
        if (size < 4) {
            throw DatasetException.in(file, "too short for an IDX header: expected at least 4 bytes (magic), "
                    + in.sizeSource() + " is " + size);
        }
        byte[] magic = new byte[4];
        in.readFully(magic, 0, 4);
        if (magic[0] != 0 || magic[1] != 0) {
            throw DatasetException.in(file, "bad magic: expected an IDX magic 00 00 <type> <dims>, got "
                    + HexFormat.ofDelimiter(" ").formatHex(magic));
        }
        ElementType type = ElementType.of(magic[2] & 0xff);
        if (type == null) {
            throw DatasetException.in(file, String.format("unknown IDX element type 0x%02X: expected one of %s",
                    magic[2] & 0xff, Arrays.toString(ElementType.values())));
        }
        int nd = magic[3] & 0xff;
        if (nd == 0) {
            throw DatasetException.in(file, "expected at least 1 dimension, got 0");
        }
        int headerBytes = 4 + 4 * nd;
        size = in.contentSizeAtLeast(headerBytes);
        if (size < headerBytes) {
            throw DatasetException.in(file, "truncated header: expected " + headerBytes + " bytes for " + nd
                    + " dimensions, " + in.sizeSource() + " is " + size);
        }
        byte[] raw = new byte[4 * nd];
        in.readFully(raw, 0, raw.length);
        long[] dims = new long[nd];
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < nd; i++) {
            dims[i] = bb.getInt() & 0xffffffffL;
        }
        long data = dataBytes(file, type, dims, headerBytes, size, in);
        int[] intDims = Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
        return new Header(type, intDims, headerBytes, data);
    }

    private static long dataBytes(Path file, ElementType type, long[] dims, int headerBytes, long size, ContentFile in)
            throws DatasetException {
        String shape = Arrays.toString(dims);
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > Integer.MAX_VALUE) {
                throw DatasetException.in(file, "dimension " + i + " of " + shape + " is " + dims[i]
                        + ", expected 1.." + Integer.MAX_VALUE + littleEndianHint(type, dims, headerBytes, size));
            }
        }
        long elements = product(dims);
        if (elements < 0 || elements > MAX_ELEMENTS) {
            throw DatasetException.in(file, "dimensions " + shape + " hold " + (elements < 0 ? "more than 2^63" : elements)
                    + " elements, expected at most " + MAX_ELEMENTS + " (and at most what the "
                    + in.sizeSource() + " " + size + " allows)" + littleEndianHint(type, dims, headerBytes, size));
        }
        long data = elements * type.bytes;
        long expected = headerBytes + data;
        size = in.contentSizeAgainst(expected); // a gzip trailer may be the last member's, or compressed bytes: counted
        if (expected > size) {
            throw DatasetException.in(file, "expected " + expected + " bytes for header " + type + " " + shape + ", "
                    + in.sizeSource() + " is " + size + " (truncated?)"
                    + littleEndianHint(type, dims, headerBytes, size));
        }
        if (expected < size) {
            throw DatasetException.in(file, "trailing garbage: expected " + expected + " bytes for header " + type
                    + " " + shape + ", " + in.sizeSource() + " is " + size + " (" + (size - expected) + " extra)");
        }
        return data;
    }

    /** Product of the dimensions, or -1 on overflow of a long. */
    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            try {
                p = Math.multiplyExact(p, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }

    /** Files written little-endian by mistake are common; say so when the byte-swapped dims would fit exactly. */
    private static String littleEndianHint(ElementType type, long[] dims, int headerBytes, long size) {
        long[] swapped = Arrays.stream(dims).map(d -> Integer.reverseBytes((int) d) & 0xffffffffL).toArray();
        long p = product(swapped);
        if (p > 0 && p <= MAX_ELEMENTS && headerBytes + p * type.bytes == size) {
            return "; read little-endian the dimensions would be " + Arrays.toString(swapped)
                    + ", which fits: IDX must be big-endian";
        }
        return "";
    }

    /**
     * A plain file's size proves the header, so its array is allocated whole. A gzip trailer can lie (up to
     * the deflate bound), so gzip content starts small and the array grows only as bytes actually arrive.
     */
    private static int initialCapacity(ContentFile in, Header h) {
        return (int) (in.gzipped() ? Math.min(h.elements(), GZIP_INITIAL_ELEMENTS) : h.elements());
    }

    /** Grows by doubling, never past {@code total}, so a complete read ends with an array of exactly {@code total}. */
    private static int grownCapacity(int current, int needed, long total) {
        return (int) Math.min(total, Math.max(needed, 2L * current));
    }

    /**
     * An IDX body read chunk by chunk into an array of type {@code A}, which starts at {@link #initialCapacity} and
     * grows as the bytes arrive: a complete read leaves it holding exactly the header's element count.
     */
    private abstract static class Body<A> {
        private final ContentFile in;
        private final Header h;
        private final BiFunction<A, Integer, A> copyOf;
        private int capacity;
        final Path file;
        final ElementType type;
        A values;

        Body(ContentFile in, Header h, IntFunction<A> allocate, BiFunction<A, Integer, A> copyOf) {
            this.in = in;
            this.h = h;
            this.copyOf = copyOf;
            file = in.file();
            type = h.type();
            capacity = initialCapacity(in, h);
            values = allocate.apply(capacity);
        }

        /** Checks and stores the {@code n} elements in {@code bytes} into {@link #values}, from index {@code first}. */
        abstract void take(ByteBuffer bytes, int first, int n) throws DatasetException;

        final A read() throws DatasetException {
            long total = h.elements();
            byte[] buf = new byte[(int) Math.min(CHUNK, h.dataBytes())];
            int done = 0;
            while (done < total) {
                int n = (int) Math.min(buf.length / type.bytes, total - done);
                in.readFully(buf, 0, n * type.bytes);
                if (done + n > capacity) {
                    capacity = grownCapacity(capacity, done + n, total);
                    values = copyOf.apply(values, capacity);
                }
                take(ByteBuffer.wrap(buf, 0, n * type.bytes).order(ByteOrder.BIG_ENDIAN), done, n);
                done += n;
            }
            return values;
        }
    }

    /** Reads the raw pixel values, each checked; returns an array of exactly elements(). */
    private static float[] readPixels(ContentFile in, Header h) throws DatasetException {
        return new Body<float[]>(in, h, float[]::new, Arrays::copyOf) {
            @Override
            void take(ByteBuffer bytes, int first, int n) throws DatasetException {
                for (int i = first; i < first + n; i++) {
                    double v = element(bytes, type);
                    checkPixel(file, type, v, i);
                    values[i] = (float) v;
                }
            }
        }.read();
    }

    /** The levels raw values alone give: 255 for u8, the largest value for wider ints (at least 1), 0 for floats. */
    private static int levels(ElementType t, float[] values) {
        if (!t.isInteger()) {
            return 0; // already in [0, 1], and not counts
        }
        if (t == ElementType.U8) {
            return 255;
        }
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return (int) Math.max(1, max);
    }

    private static void checkPixel(Path file, ElementType t, double v, long index) throws DatasetException {
        if (t.isInteger() && v < 0) {
            throw DatasetException.in(file, "pixel " + index + " is " + (long) v + ", expected a value >= 0");
        }
        if (!t.isInteger() && !(v >= 0 && v <= 1)) {
            throw DatasetException.in(file, "pixel " + index + " is " + v
                    + ", expected a finite value in [0, 1] for " + t + " images");
        }
    }

    /** Reads the class indices, each checked to be >= 0; returns an array of exactly elements(). */
    private static int[] readLabelValues(ContentFile in, Header h) throws DatasetException {
        return new Body<int[]>(in, h, int[]::new, Arrays::copyOf) {
            @Override
            void take(ByteBuffer bytes, int first, int n) throws DatasetException {
                for (int i = first; i < first + n; i++) {
                    int v = (int) element(bytes, type);
                    if (v < 0) {
                        throw DatasetException.in(file, "label " + i + " is " + v + ", expected a value >= 0");
                    }
                    values[i] = v;
                }
            }
        }.read();
    }

    private static double element(ByteBuffer bb, ElementType t) {
        return switch (t) {
            case U8 -> bb.get() & 0xff;
            case I8 -> bb.get();
            case I16 -> bb.getShort();
            case I32 -> bb.getInt();
            case F32 -> bb.getFloat();
            case F64 -> bb.getDouble();
        };
    }

    private static List<String> inferClassNames(Path file, int[] labels) throws DatasetException {
        int max = Arrays.stream(labels).max().orElse(0);
        if (max >= MAX_INFERRED_CLASSES) {
            throw DatasetException.in(file, "largest label is " + max + ", expected at most "
                    + (MAX_INFERRED_CLASSES - 1) + " (labels are class indices 0..classes-1)");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    static void checkLabelRange(Path file, int[] labels, int classes) throws DatasetException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw DatasetException.in(file, "label " + i + " is " + labels[i] + ", out of range: expected 0.."
                        + (classes - 1) + " (" + classes + " classes)");
            }
        }
    }
}
