package org.latentatlas.figures;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.awt.image.RenderedImage;
import org.apache.batik.svggen.ImageHandlerBase64Encoder;
import org.latentatlas.io.AtomicFiles;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Writes a {@link Figure} as PNG (Java2D raster) or SVG (Batik, text kept as text). */
public final class FigureWriter {
    public enum Format {
        PNG, SVG;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + s + "' (expected png or svg)");
            }
        }
    }

    private FigureWriter() {}

    /** dir/NAME.EXT: where {@link #write} puts a figure. */
    public static Path path(Figure figure, Format format, Path dir) {
        return dir.resolve(figure.name() + "." + format.extension());
    }

    /** Writes dir/NAME.EXT and returns the path. */
    public static Path write(Figure figure, Format format, Path dir) throws IOException {
        Path path = path(figure, format, dir);
        switch (format) {
            case PNG -> writePng(figure, path);
            case SVG -> writeSvg(figure, path);
        }
        return path;
    }

    public static BufferedImage render(Figure figure) {
        BufferedImage image = new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Theme.hints(g);
            g.setColor(Theme.PAPER);
            g.fillRect(0, 0, figure.width(), figure.height());
            figure.draw(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    // Both formats are made in memory and written atomically: a failure part-way (a full disk, an encoder
    // error) leaves the figure that was there, never half a file.
    private static void writePng(Figure figure, Path path) throws IOException {
        AtomicFiles.write(path, png(figure));
    }

    /** The figure as PNG bytes, for a caller that writes them where it chooses (atomically). */
    public static byte[] png(Figure figure) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(render(figure), "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return out.toByteArray();
    }

    private static void writeSvg(Figure figure, Path path) throws IOException {
        Document doc = newDocument();
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment("Latent Atlas: " + figure.name());
        context.setEmbeddedFontsOn(false);
        context.setImageHandler(new ImageIoPngHandler());
        SVGGraphics2D g = new SVGGraphics2D(context, false); // false: text stays <text>, searchable and small
        g.setSVGCanvasSize(new Dimension(figure.width(), figure.height()));
        Theme.hints(g);
        g.setColor(Theme.PAPER);
        g.fillRect(0, 0, figure.width(), figure.height());
        figure.draw(g);
        Element root = g.getRoot();
        root.setAttribute("viewBox", "0 0 " + figure.width() + " " + figure.height());
        pixelated(root);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            g.stream(root, out, true, false);
        }
        g.dispose();
        AtomicFiles.write(path, bytes.toByteArray());
    }

    /** Decoded images are tiny rasters scaled up: a viewer must not blur them into mush. */
    private static void pixelated(Element root) {
        NodeList images = root.getElementsByTagName("image");
        for (int i = 0; i < images.getLength(); i++) {
            ((Element) images.item(i)).setAttribute("style", "image-rendering:pixelated;image-rendering:crisp-edges");
        }
    }

    /**
     * Batik's default encoder looks up a PNG writer from batik-codec, a dependency we would add only for this;
     * the JDK's ImageIO writes the same PNG.
     */
    private static final class ImageIoPngHandler extends ImageHandlerBase64Encoder {
        @Override
        public void encodeImage(RenderedImage image, OutputStream out) throws SVGGraphics2DIOException {
            try { // out is already Batik's base64 stream
                if (!ImageIO.write(image, "png", out)) {
                    throw new SVGGraphics2DIOException("no PNG writer in this JVM");
                }
            } catch (IOException e) {
                throw new SVGGraphics2DIOException(e);
            }
        }
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML DOM builder", e);
        }
    }
}
