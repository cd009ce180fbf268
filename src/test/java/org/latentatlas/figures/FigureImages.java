package org.latentatlas.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Reading rendered figures back in tests. */
public final class FigureImages {
    private FigureImages() {}

    /** Variance of the luma over all pixels: near 0 for a blank (single-colour) image. */
    public static double lumaVariance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                sum += luma;
                sumSq += luma * luma;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    /** How many pixels are exactly {@code colour} (alpha ignored). */
    public static int pixelsOf(BufferedImage image, Color colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return count;
    }
}
