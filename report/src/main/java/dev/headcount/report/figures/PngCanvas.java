package dev.headcount.report.figures;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Draws on a Java2D image (antialiased, logical font {@code SansSerif}) at {@code scale} times the figure's
 * size, and encodes it as PNG. Classes and tooltips have no place in a PNG and are ignored.
 */
final class PngCanvas implements Canvas {
    static {
        // a service has no display: never let AWT look for one (must precede the first AWT use)
        System.setProperty("java.awt.headless", "true");
    }

    private final int width;
    private final int height;
    private final BufferedImage image;
    private final Graphics2D g;

    PngCanvas(int width, int height, int scale) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        // draw shapes where the coordinates say, as SVG does, not snapped to pixels
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(scale, scale);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void title(String text) {
        drawText(width / 2.0, 22, text, "middle", new Font(Font.SANS_SERIF, Font.BOLD, 15), Color.BLACK);
    }

    @Override
    public void rect(String cssClass, double x, double y, double w, double h, String fill, String tooltip) {
        g.setColor(colour(fill));
        g.fill(new Rectangle2D.Double(x, y, Math.max(0, w), Math.max(0, h)));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
        g.setColor(colour(stroke));
        g.setStroke(new BasicStroke((float) strokeWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void text(double x, double y, String text, String anchor, int size, String fill, String cssClass) {
        drawText(x, y, text, anchor, new Font(Font.SANS_SERIF, Font.PLAIN, size), colour(fill));
    }

    @Override
    public void rotatedText(double x, double y, String text, String anchor, double degrees) {
        AffineTransform before = g.getTransform();
        g.rotate(Math.toRadians(degrees), x, y);
        drawText(x, y, text, anchor, new Font(Font.SANS_SERIF, Font.PLAIN, 12), Color.BLACK);
        g.setTransform(before);
    }

    @Override
    public void polyline(String cssClass, List<double[]> points, String stroke, double strokeWidth, String dash,
                         String tooltip) {
        if (points.isEmpty()) {
            return;
        }
        g.setColor(colour(stroke));
        g.setStroke(new BasicStroke((float) strokeWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4,
                dashArray(dash), 0));
        g.draw(path(points, false));
    }

    @Override
    public void polygon(String cssClass, List<double[]> points, String fill, double opacity, String tooltip) {
        if (points.isEmpty()) {
            return;
        }
        Color c = colour(fill);
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * clip(opacity))));
        g.fill(path(points, true));
    }

    @Override
    public void circle(String cssClass, double x, double y, double r, String fill) {
        g.setColor(colour(fill));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void dispose() {
        g.dispose();
    }

    private void drawText(double x, double y, String text, String anchor, Font font, Color colour) {
        if (text == null || text.isEmpty()) {
            return;
        }
        g.setFont(font);
        g.setColor(colour);
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double left = switch (anchor) {
            case "middle" -> x - w / 2;
            case "end" -> x - w;
            default -> x;
        };
        g.drawString(text, (float) left, (float) y);
    }

    private static Path2D path(List<double[]> points, boolean closed) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(points.get(0)[0], points.get(0)[1]);
        for (int i = 1; i < points.size(); i++) {
            path.lineTo(points.get(i)[0], points.get(i)[1]);
        }
        if (closed) {
            path.closePath();
        }
        return path;
    }

    /** An SVG dash array ("6 4") as Java2D's; {@code null} (solid) for none. */
    static float[] dashArray(String dash) {
        if (dash == null || dash.isBlank()) {
            return null;
        }
        String[] parts = dash.trim().split("[\\s,]+");
        float[] lengths = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lengths[i] = Float.parseFloat(parts[i]);
        }
        return lengths;
    }

    private static Color colour(String hex) {
        return Color.decode(hex);
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
