package org.latentatlas.data;

/** An image size, written ROWSxCOLS on the command line ("28x28"). */
public record Shape(int rows, int cols) {
    public Shape {
        if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("image shape must be positive and at most 2^29 pixels, got " + rows + "x" + cols);
        }
    }

    /** Parses "28x28" (also "28X28", "28*28"). */
    public static Shape parse(String text) {
        String[] parts = text.strip().split("[xX*]");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a shape like 28x28, got '" + text + "'");
        }
        try {
            return new Shape(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a shape like 28x28, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
