package dev.headcount.report.figures;

import java.util.ArrayList;
import java.util.List;

/** Point marker shapes, so that curves stay apart where their lines overlap. */
enum Marker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND, TRIANGLE_DOWN, CROSS;

    /** Draws the marker centred on (x, y), about {@code 2 r} across. */
    void draw(Canvas canvas, double x, double y, double r, String fill) {
        if (this == CIRCLE) {
            canvas.circle("point", x, y, r, fill);
        } else {
            canvas.polygon("point", outline(x, y, r), fill, 1, null);
        }
    }

    List<double[]> outline(double x, double y, double r) {
        double[][] unit = switch (this) {
            // a circle's outline is only used where a polygon is needed: its bounding square
            case CIRCLE, SQUARE -> new double[][]{{-0.85, -0.85}, {0.85, -0.85}, {0.85, 0.85}, {-0.85, 0.85}};
            case TRIANGLE -> new double[][]{{0, -1.15}, {1.1, 0.8}, {-1.1, 0.8}};
            case TRIANGLE_DOWN -> new double[][]{{-1.1, -0.8}, {1.1, -0.8}, {0, 1.15}};
            case DIAMOND -> new double[][]{{0, -1.2}, {1.2, 0}, {0, 1.2}, {-1.2, 0}};
            case CROSS -> new double[][]{{-0.35, -1.1}, {0.35, -1.1}, {0.35, -0.35}, {1.1, -0.35}, {1.1, 0.35},
                    {0.35, 0.35}, {0.35, 1.1}, {-0.35, 1.1}, {-0.35, 0.35}, {-1.1, 0.35}, {-1.1, -0.35},
                    {-0.35, -0.35}};
        };
        List<double[]> points = new ArrayList<>(unit.length);
        for (double[] p : unit) {
            points.add(new double[]{x + p[0] * r, y + p[1] * r});
        }
        return points;
    }
}
