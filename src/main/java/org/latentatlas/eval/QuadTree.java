package org.latentatlas.eval;

import java.util.Arrays;

/**
 * A quadtree over the embedding's points, for Barnes-Hut's estimate of t-SNE's repulsive forces (van der Maaten
 * 2014, section 4.2): a cell far enough from a point acts on it as one body of all its points at their centre of
 * mass, "far enough" meaning that the cell's width is under θ times the distance.
 *
 * <p>Rebuilt every iteration ({@link #build}) into the same arrays, in point order, so the same points give the
 * same tree and the same sums. A leaf holds one point, or several at exactly the same place (or below
 * {@link #MAX_DEPTH}, where cells are narrower than rounding), kept in a list so that a leaf always counts its
 * points one by one: with θ = 0 no cell is summarized and the sums are exact t-SNE's, in another order.
 */
final class QuadTree {
    /** Splitting stops this deep: a cell 2⁻⁴⁸ of the root's width holds points that differ only by rounding. */
    static final int MAX_DEPTH = 48;
    static final double MAX_THETA = 0.7;
    private static final int NO_CHILD = -1;
    private static final int NO_POINT = -1;
    /** {@link #body}'s values per node: centre of mass x, y; squared distance beyond which it is one body; count. */
    private static final int BODY = 4;

    private final double theta;
    private final int n;
    private final int[] nextInLeaf; // (n) the next point of the same leaf, or NO_POINT
    private double[] y;             // (n, 2) the points of the last build, borrowed from the caller
    // Per node; a node's four children are consecutive, so one index finds them all.
    private double[] body;      // (nodes, BODY) what the traversal reads, side by side for the cache
    private double[] cell;      // (nodes, 3) centre x, y and half width: where the build puts a point
    private int[] firstChild;   // (nodes)
    private int[] firstPoint;   // (nodes) a leaf's list of points
    private int nodes;
    private final int[] leafStack = new int[stackSize()];

    /**
     * A tree for n points, summarizing cells at {@code theta}; {@link #build} fills it. θ stays below 1/√2: a point
     * inside a cell is at most √2 widths from its centre of mass, so a larger θ could let the cell stand in for the
     * point itself.
     */
    QuadTree(int n, double theta) {
        if (!(theta >= 0 && theta <= MAX_THETA)) {
            throw new IllegalArgumentException("Barnes-Hut θ must be in [0, " + MAX_THETA + "], got " + theta);
        }
        this.theta = theta;
        this.n = n;
        this.nextInLeaf = new int[n];
        allocate(Math.max(16, 4 * n));
    }

    /** Nodes in the tree, for tests. */
    int size() {
        return nodes;
    }

    /** Rebuilds the tree over y (n, 2), which it reads until the next build. */
    void build(double[] y) {
        this.y = y;
        nodes = 0;
        addRoot();
        for (int i = 0; i < n; i++) {
            insert(i);
        }
        double thetaSquared = theta * theta;
        for (int node = 0; node < nodes; node++) {
            int at = node * BODY;
            double count = body[at + 3];
            if (count > 0) {
                body[at] /= count;
                body[at + 1] /= count;
            }
            double width = 2 * cell[3 * node + 2];
            // width < θ·distance, squared; θ = 0 summarizes nothing
            body[at + 2] = theta == 0 ? Double.POSITIVE_INFINITY : width * width / thetaSquared;
        }
    }

    /**
     * The repulsion on point i: writes Σ_j w_ij² (y_i − y_j) to force[2i], force[2i + 1] and returns Σ_j w_ij, both
     * over j ≠ i with w_ij = 1 / (1 + ‖y_i − y_j‖²), far cells standing in for their points. Children are visited
     * in a fixed order, so the sums are the same whichever thread runs them. {@code stack} is scratch of
     * {@link #stackSize()} ints.
     */
    double repulsion(int i, double[] force, int[] stack) {
        double yx = y[2 * i];
        double yy = y[2 * i + 1];
        double z = 0;
        double fx = 0;
        double fy = 0;
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            int child = firstChild[node];
            if (child == NO_CHILD) {
                for (int j = firstPoint[node]; j != NO_POINT; j = nextInLeaf[j]) {
                    if (j != i) {
                        double dx = yx - y[2 * j];
                        double dy = yy - y[2 * j + 1];
                        double w = 1 / (1 + dx * dx + dy * dy);
                        z += w;
                        fx += w * w * dx;
                        fy += w * w * dy;
                    }
                }
                continue;
            }
            int at = node * BODY;
            double dx = yx - body[at];
            double dy = yy - body[at + 1];
            double d2 = dx * dx + dy * dy;
            if (d2 > body[at + 2]) {
                double w = 1 / (1 + d2);
                double mw = body[at + 3] * w;
                z += mw;
                fx += mw * w * dx;
                fy += mw * w * dy;
                continue;
            }
            top = pushChildren(child, stack, top);
        }
        force[2 * i] = fx;
        force[2 * i + 1] = fy;
        return z;
    }

    /** Writes the points into order (n) leaf by leaf, depth first: neighbours in the plane come out together. */
    void leafOrder(int[] order) {
        int[] stack = leafStack;
        int top = 0;
        int at = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            if (firstChild[node] != NO_CHILD) {
                top = pushChildren(firstChild[node], stack, top);
                continue;
            }
            for (int j = firstPoint[node]; j != NO_POINT; j = nextInLeaf[j]) {
                order[at++] = j;
            }
        }
    }

    /** Pushes the non-empty children of a node whose first child is {@code child}; returns the new top. */
    private int pushChildren(int child, int[] stack, int top) {
        for (int c = child + 3; c >= child; c--) { // popped in order 0, 1, 2, 3
            if (body[c * BODY + 3] > 0) {
                stack[top++] = c;
            }
        }
        return top;
    }

    /** Scratch ints {@link #repulsion} needs: three siblings waiting on each level, four at the deepest. */
    static int stackSize() {
        return 3 * (MAX_DEPTH + 1) + 4;
    }

    private void addRoot() {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        // A square around all points, a little wider so that the largest coordinates fall inside it.
        double half = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + Double.MIN_NORMAL;
        addNode((minX + maxX) / 2, (minY + maxY) / 2, half);
    }

    private void insert(int i) {
        double px = y[2 * i];
        double py = y[2 * i + 1];
        int node = 0;
        for (int depth = 0; ; depth++) {
            add(node, px, py);
            if (firstChild[node] != NO_CHILD) {
                node = firstChild[node] + quadrant(node, px, py);
                continue;
            }
            int held = firstPoint[node];
            if (held == NO_POINT || depth == MAX_DEPTH || (y[2 * held] == px && y[2 * held + 1] == py)) {
                nextInLeaf[i] = held;
                firstPoint[node] = i;
                return;
            }
            split(node);
            node = firstChild[node] + quadrant(node, px, py);
        }
    }

    /** Makes a leaf's four children and moves its points (all at one place) into the one that holds them. */
    private void split(int node) {
        double h = cell[3 * node + 2] / 2;
        double cx = cell[3 * node];
        double cy = cell[3 * node + 1];
        int first = nodes;
        addNode(cx - h, cy - h, h);
        addNode(cx + h, cy - h, h);
        addNode(cx - h, cy + h, h);
        addNode(cx + h, cy + h, h);
        firstChild[node] = first;
        int held = firstPoint[node];
        firstPoint[node] = NO_POINT;
        int child = first + quadrant(node, y[2 * held], y[2 * held + 1]);
        firstPoint[child] = held;
        for (int j = held; j != NO_POINT; j = nextInLeaf[j]) {
            add(child, y[2 * j], y[2 * j + 1]);
        }
    }

    /** Counts a point at (px, py) in a node: its mass sums, divided into a centre once the tree is built. */
    private void add(int node, double px, double py) {
        int at = node * BODY;
        body[at] += px;
        body[at + 1] += py;
        body[at + 3]++;
    }

    /** 0: left bottom, 1: right bottom, 2: left top, 3: right top, as {@link #split} lays the children out. */
    private int quadrant(int node, double px, double py) {
        return (px >= cell[3 * node] ? 1 : 0) + (py >= cell[3 * node + 1] ? 2 : 0);
    }

    private void addNode(double cx, double cy, double half) {
        if (nodes == firstChild.length) {
            allocate(2 * nodes);
        }
        Arrays.fill(body, nodes * BODY, (nodes + 1) * BODY, 0);
        cell[3 * nodes] = cx;
        cell[3 * nodes + 1] = cy;
        cell[3 * nodes + 2] = half;
        firstChild[nodes] = NO_CHILD;
        firstPoint[nodes] = NO_POINT;
        nodes++;
    }

    private void allocate(int capacity) {
        body = body == null ? new double[capacity * BODY] : Arrays.copyOf(body, capacity * BODY);
        cell = cell == null ? new double[capacity * 3] : Arrays.copyOf(cell, capacity * 3);
        firstChild = firstChild == null ? new int[capacity] : Arrays.copyOf(firstChild, capacity);
        firstPoint = firstPoint == null ? new int[capacity] : Arrays.copyOf(firstPoint, capacity);
    }
}
