package kr.seoul.sane.infra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sweep's SVG: CPU ms per proposal (all platform processes) against the completed proposals per second of each
 * phase, one line per series (this run, and an earlier one to compare), each point labelled with its phase.
 */
final class SweepPlot {

    /** One sweep: its label and its phases' points. */
    record Series(String label, List<Point> points) {
        static Series of(String label, JsonNode sweep) {
            List<Point> points = new ArrayList<>();
            sweep.forEach(p -> points.add(new Point(p.path("phase").asText(), p.path("throughput").asDouble(),
                    p.path("cpuMsPerProposal").asDouble())));
            return new Series(label, List.copyOf(points));
        }
    }

    record Point(String phase, double throughput, double cpuMs) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int RIGHT = 20;
    private static final int BOTTOM = 60;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private SweepPlot() {
    }

    /** A label as text the SVG carries as it is: letters, digits, spaces and a few marks; anything else is dropped. */
    static String plain(String label) {
        return label.replaceAll("[^\\p{L}\\p{N} ()/.,:_=-]", "");
    }

    static String svg(List<Series> series) {
        double maxX = 1;
        double maxY = 1;
        for (Series s : series) {
            for (Point p : s.points()) {
                maxX = Math.max(maxX, p.throughput());
                maxY = Math.max(maxY, p.cpuMs());
            }
        }
        maxX *= 1.1;
        maxY *= 1.15;
        int w = WIDTH - LEFT - RIGHT;
        int h = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' role='img'"
                        + " aria-label='CPU per proposal against throughput'>%n"
                        + "<rect width='100%%' height='100%%' fill='white'/>%n"
                        + "<text x='%d' y='20' font-size='14'>CPU ms per proposal (all platform processes) against"
                        + " completed proposals per second</text>%n", WIDTH, HEIGHT, LEFT));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n",
                LEFT, TOP, LEFT, TOP + h));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n",
                LEFT, TOP + h, LEFT + w, TOP + h));
        for (int i = 0; i <= 4; i++) {
            double y = maxY * i / 4;
            double x = maxX * i / 4;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%.0f</text>%n",
                    LEFT - 6, TOP + h - h * i / 4.0 + 4, y));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%.0f"
                    + "</text>%n", LEFT + w * i / 4.0, TOP + h + 16, x));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12'>completed proposals per second"
                + "</text>%n", LEFT + w / 2 - 90, HEIGHT - 22));
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            String color = COLORS[s % COLORS.length];
            StringBuilder line = new StringBuilder();
            for (Point p : one.points()) {
                double x = LEFT + p.throughput() / maxX * w;
                double y = TOP + h - p.cpuMs() / maxY * h;
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='%s'/>%n", x, y, color));
                // a label near the right edge ends at its point instead of starting there
                boolean right = x > LEFT + 0.7 * w;
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='11' fill='%s'"
                                + " text-anchor='%s'>%s: %.1f ms</text>%n", right ? x - 6 : x + 6, y - 8, color,
                        right ? "end" : "start", plain(p.phase()), p.cpuMs()));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5'"
                    + " points='%s'/>%n", color, line.toString().trim()));
            // the legend at the top right, where the falling curve leaves room
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' fill='%s' text-anchor='end'>%s"
                    + "</text>%n", LEFT + w - 10, TOP + 14 + 16 * s, color, plain(one.label())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
