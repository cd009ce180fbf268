package org.latentatlas.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of PNG/JPEG images with one sub-folder per class: the sorted sub-folder names are the class
 * names and their order the labels. Colour is converted to grayscale luma (ITU-R BT.601 weights,
 * transparency composited over black, MNIST's background). All images must share one size unless a
 * {@code resize} is given explicitly; silent resizing would hide a mixed-up folder.
 */
public final class ImageFolder {
    /** Decoded images are capped so that a tiny file with a huge declared size cannot exhaust memory. */
    static final long MAX_PIXELS = 1L << 26;
    /** All the images' pixels go into one float array, whose length is an int. */
    static final long MAX_TOTAL_PIXELS = Integer.MAX_VALUE - 16;

    private ImageFolder() {}

    /** Loads {@code root}; {@code resize} (nullable) scales every image to that shape by bilinear interpolation. */
    public static Dataset load(Path root, Shape resize) throws DatasetException {
        List<Path> classDirs = classFolders(root);
        List<String> classNames = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        MessageDigest sha = Hashing.sha256();
        List<Gray> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Shape shape = resize;
        Path shapeSource = null;
        for (int c = 0; c < classDirs.size(); c++) {
            for (Path file : imageFiles(classDirs.get(c))) {
                Gray g = read(file, sha, root);
                if (resize != null) {
                    g = g.resized(resize);
                } else if (shape == null) {
                    shape = new Shape(g.rows, g.cols);
                    shapeSource = file;
                } else if (g.rows != shape.rows() || g.cols != shape.cols()) {
                    // --resize fixes it, so the command line is at fault: a setting error, not a failure of the file
                    throw DatasetException.settingIn(file, "image is " + g.rows + "x" + g.cols + " (rows x cols), expected "
                            + shape + " like " + shapeSource + "; mixed sizes: resize explicitly with --resize " + shape);
                }
                images.add(g);
                labels.add(c);
            }
        }
        int dim = shape.rows() * shape.cols();
        float[] pixels = new float[totalPixels(root, images.size(), shape)]; // (n, rows*cols)
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels, 0, pixels, i * dim, dim);
        }
        int rawMax = images.stream().mapToInt(Gray::max).max().orElse(255);
        return new Dataset(root.toString(), shape.rows(), shape.cols(), pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames, levels(pixels, rawMax),
                new ValueRange(0, rawMax), HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * The pixels of {@code n} images of {@code shape}, refused past what one array holds: the int product had wrapped
     * (about 2,100 images of 1024x1024) into a negative array size or a short array.
     */
    static int totalPixels(Path root, int n, Shape shape) throws DatasetException {
        long total = (long) n * shape.rows() * shape.cols();
        if (total > MAX_TOTAL_PIXELS) {
            throw DatasetException.in(root, n + " images of " + shape + " are " + total + " pixels, more than the "
                    + MAX_TOTAL_PIXELS + " one dataset holds: use fewer images, or --resize them smaller");
        }
        return (int) total;
    }

    private static List<Path> classFolders(Path root) throws DatasetException {
        List<Path> entries = list(root);
        List<Path> dirs = entries.stream().filter(Files::isDirectory).toList();
        if (dirs.isEmpty()) {
            String found = entries.isEmpty() ? "it is empty" : "found " + entries.size() + " files but no sub-folder";
            throw DatasetException.in(root, "expected one sub-folder of images per class, " + found);
        }
        return dirs;
    }

    private static List<Path> imageFiles(Path classDir) throws DatasetException {
        List<Path> files = list(classDir).stream().filter(Files::isRegularFile).toList();
        if (files.isEmpty()) {
            throw DatasetException.in(classDir, "class folder holds no images, expected at least one PNG or JPEG");
        }
        return files;
    }

    /** Sorted, non-hidden entries, so labels and the hash do not depend on the file system's order. */
    private static List<Path> list(Path dir) throws DatasetException {
        if (!Files.isDirectory(dir)) {
            throw DatasetException.in(dir, "expected a folder, got " + (Files.exists(dir) ? "a file" : "nothing"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw DatasetException.in(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * rawMax when every pixel is a count k/rawMax (plain gray images, also RGB ones whose channels agree), 0 when
     * not: a colour image's luma and a resized image's interpolated values are no counts a Binomial could score.
     */
    static int levels(float[] pixels, int rawMax) {
        double tolerance = 1e-3 * Math.max(1, rawMax / 255.0); // float rounding of k/rawMax, times rawMax
        for (float p : pixels) {
            double k = (double) p * rawMax;
            if (Math.abs(k - Math.rint(k)) > tolerance) {
                return 0;
            }
        }
        return rawMax;
    }

    /**
     * A grayscale image, {@code pixels} (rows, cols) in [0, 1].
     *
     * @param max the raw value shown as 1 (255 for 8-bit and colour images, 65535 for 16-bit gray)
     */
    record Gray(int rows, int cols, float[] pixels, int max) {
        Gray resized(Shape to) {
            float[] out = new float[to.rows() * to.cols()]; // (to.rows, to.cols)
            for (int r = 0; r < to.rows(); r++) {
                // pixel centres map to pixel centres, so a same-size "resize" is the identity
                double y = Math.min(Math.max((r + 0.5) * rows / to.rows() - 0.5, 0), rows - 1);
                int y0 = (int) y;
                int y1 = Math.min(y0 + 1, rows - 1);
                double fy = y - y0;
                for (int c = 0; c < to.cols(); c++) {
                    double x = Math.min(Math.max((c + 0.5) * cols / to.cols() - 0.5, 0), cols - 1);
                    int x0 = (int) x;
                    int x1 = Math.min(x0 + 1, cols - 1);
                    double fx = x - x0;
                    double top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
                    double bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
                    out[r * to.cols() + c] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
            return new Gray(to.rows(), to.cols(), out, max);
        }

        private float at(int r, int c) {
            return pixels[r * cols + c];
        }
    }

    static Gray read(Path file, MessageDigest sha, Path root) throws DatasetException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DatasetException.in(file, "cannot read: " + e.getMessage(), e);
        }
        checkMagic(file, bytes);
        sha.update(root.relativize(file).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes);
        BufferedImage img = decode(file, bytes);
        return toGray(img);
    }

    private static void checkMagic(Path file, byte[] b) throws DatasetException {
        boolean png = b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        boolean jpeg = b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
        if (!png && !jpeg) {
            String head = HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(4, b.length));
            throw DatasetException.in(file, "expected a PNG (89 50 4E 47) or JPEG (FF D8 FF) image, got "
                    + (b.length == 0 ? "an empty file" : "a file starting " + head));
        }
    }

    /** Reads the declared size first and refuses sizes the file cannot plausibly hold before decoding. */
    private static BufferedImage decode(Path file, byte[] bytes) throws DatasetException {
        try (InputStream in = new java.io.ByteArrayInputStream(bytes);
             ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw DatasetException.in(file, "expected an image javax.imageio can decode, got none it recognises");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                long bound = Math.min(MAX_PIXELS, ContentFile.MAX_DEFLATE_RATIO * bytes.length);
                if (w * h > bound) {
                    throw DatasetException.in(file, "declares " + h + "x" + w + " pixels, expected at most " + bound
                            + " for a " + bytes.length + "-byte file");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw DatasetException.in(file, "corrupt image: expected a decodable PNG or JPEG, the decoder says: " + e.getMessage(), e);
        }
    }

    private static Gray toGray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] px = new float[w * h]; // (h, w)
        Raster raster = img.getRaster();
        boolean plainGray = raster.getNumBands() == 1 && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)
                && img.getColorModel().getComponentSize(0) <= 16;
        int grayMax = plainGray ? (1 << img.getColorModel().getComponentSize(0)) - 1 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // single-band gray is read raw: getRGB would push it through a linear-to-sRGB conversion
                px[y * w + x] = plainGray
                        ? raster.getSample(x, y, 0) / (float) grayMax
                        : luma(img.getRGB(x, y));
            }
        }
        return new Gray(h, w, px, grayMax);
    }

    private static float luma(int argb) {
        double a = (argb >>> 24) / 255.0;
        double r = (argb >> 16) & 0xff;
        double g = (argb >> 8) & 0xff;
        double b = argb & 0xff;
        return (float) (a * (0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
    }
}
