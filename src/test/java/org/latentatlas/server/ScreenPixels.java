package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A canvas's own pixels against a screenshot: whether the screen shows each of them as one device pixel, where the
 * canvas lies on the screen.
 */
final class ScreenPixels {
    private ScreenPixels() {
    }

    static BufferedImage png(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fewest of the canvas's opaque pixels (not its rounded corners, `corner` pixels square) that the screen does
     * not show, over the places one device pixel either way of (x0, y0): Chromium puts a canvas on the device pixel
     * next to its fractional position, one way or the other.
     */
    static long fewestNotShown(BufferedImage canvas, BufferedImage screen, int x0, int y0, int corner) {
        long fewest = Long.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                fewest = Math.min(fewest, notShown(canvas, screen, x0 + dx, y0 + dy, corner));
            }
        }
        return fewest;
    }

    private static long notShown(BufferedImage canvas, BufferedImage screen, int x0, int y0, int corner) {
        long compared = 0, differ = 0;
        for (int y = 0; y < canvas.getHeight(); y++) {
            for (int x = 0; x < canvas.getWidth(); x++) {
                int argb = canvas.getRGB(x, y);
                boolean inCorner = (x < corner || x >= canvas.getWidth() - corner)
                        && (y < corner || y >= canvas.getHeight() - corner);
                if (argb >>> 24 == 255 && !inCorner) {
                    compared++;
                    int sx = x0 + x, sy = y0 + y;
                    boolean shown = sx >= 0 && sy >= 0 && sx < screen.getWidth() && sy < screen.getHeight();
                    differ += shown && close(argb, screen.getRGB(sx, sy)) ? 0 : 1;
                }
            }
        }
        assertThat(compared).as("pixels compared").isGreaterThan(canvas.getWidth() * canvas.getHeight() / 2);
        return differ;
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((a >> shift & 255) - (b >> shift & 255)) > 2) {
                return false;
            }
        }
        return true;
    }
}
