package kr.seoul.sane.infra.bench;

import java.util.List;
import java.util.Locale;

/**
 * An SVG of the measured phase over time, in three panels sharing the time axis: completions per second, latency
 * (submit in blue, submit to department mail in orange, one dot per proposal) and the platform's CPU in cores.
 */
final class Plot {

    /** One per-second observation of the run. */
    record Sample(long nanos, String phase, int submitted, int completed, double cpuMs) {
    }

    private static final int WIDTH = 900;
    private static final int LEFT = 70;
    private static final int PANEL = 180;
    private static final int GAP = 40;
    /** Height of a panel's drawing area (below its title). */
    private static final int AREA = PANEL - 24;

    private Plot() {
    }

    static String svg(List<Sample> samples, Progress progress, int first, int end, long origin) {
        long last = origin + 1_000_000_000L;
        for (Sample s : samples) {
            last = Math.max(last, s.nanos());
        }
        double maxX = (last - origin) / 1e9;
        int height = 3 * (PANEL + GAP) + 20;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>%n"
                        + "<rect width='100%%' height='100%%' fill='white'/>%n", WIDTH, height));

        // throughput and CPU from consecutive samples of the measured phase
        int n = 0;
        double[] xs = new double[samples.size()];
        double[] rate = new double[samples.size()];
        double[] cores = new double[samples.size()];
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            if (b.nanos() < origin) {
                continue;
            }
            double dt = (b.nanos() - a.nanos()) / 1e9;
            xs[n] = (b.nanos() - origin) / 1e9;
            rate[n] = Figures.per(b.completed() - a.completed(), dt);
            cores[n] = Figures.per((b.cpuMs() - a.cpuMs()) / 1000, dt);
            n++;
        }
        line(svg, 0, "completed proposals per second", xs, rate, n, maxX, "#2ca02c");

        int top = PANEL + GAP;
        double maxY = 1;
        for (int i = first; i < end; i++) {
            maxY = Math.max(maxY, progress.submitMs.get(i));
            if (progress.mailAt.get(i) > 0) {
                maxY = Math.max(maxY, (progress.mailAt.get(i) - progress.submittedAt.get(i)) / 1e6);
            }
        }
        axes(svg, top, String.format(Locale.ROOT, "latency (ms): blue submit, orange submit to department mail;"
                + " max %.0f ms", maxY), maxX);
        int step = Math.max(1, (end - first) / 4000);
        for (int i = first; i < end; i += step) {
            long at = progress.submittedAt.get(i);
            if (at <= 0) {
                continue;
            }
            double x = LEFT + (at - origin) / 1e9 / maxX * (WIDTH - LEFT - 10);
            if (progress.submitMs.get(i) >= 0) {
                dot(svg, x, top + PANEL - progress.submitMs.get(i) / maxY * AREA, "#1f77b4");
            }
            if (progress.mailAt.get(i) > 0) {
                dot(svg, x, top + PANEL - (progress.mailAt.get(i) - at) / 1e6 / maxY * AREA, "#ff7f0e");
            }
        }
        line(svg, 2 * (PANEL + GAP), "platform CPU (cores)", xs, cores, n, maxX, "#d62728");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void line(StringBuilder svg, int top, String title, double[] xs, double[] ys, int n, double maxX,
                             String color) {
        double maxY = 1e-9;
        for (int i = 0; i < n; i++) {
            maxY = Math.max(maxY, ys[i]);
        }
        axes(svg, top, String.format(Locale.ROOT, "%s; max %.2f", title, maxY), maxX);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + xs[i] / maxX * (WIDTH - LEFT - 10),
                    top + PANEL - ys[i] / maxY * AREA));
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>%n",
                color, points.toString().trim()));
    }

    private static void axes(StringBuilder svg, int top, String title, double maxX) {
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='13'>%s (measured phase, %.0f s)</text>%n",
                LEFT, top + 14, title, maxX));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", LEFT,
                top + 20, LEFT, top + PANEL));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", LEFT,
                top + PANEL, WIDTH - 10, top + PANEL));
    }

    private static void dot(StringBuilder svg, double x, double y, String color) {
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='1.2' fill='%s'/>%n", x, y, color));
    }
}
