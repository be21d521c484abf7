package kr.seoul.sane.infra.bench;

import java.util.Locale;
import java.util.Map;

/** A small SVG: submit latency and submit-to-department-mail latency over the run. */
final class LatencyPlot {

    private LatencyPlot() {
    }

    static String svg(long[] submittedAt, long[] submitMs, Map<Integer, Long> arrivals, long origin) {
        int width = 900;
        int height = 400;
        int left = 60;
        int bottom = 40;
        double maxX = 1;
        double maxY = 1;
        for (int i = 0; i < submittedAt.length; i++) {
            if (submittedAt[i] > 0) {
                maxX = Math.max(maxX, (submittedAt[i] - origin) / 1e9);
            }
            maxY = Math.max(maxY, submitMs[i]);
        }
        for (Map.Entry<Integer, Long> e : arrivals.entrySet()) {
            maxY = Math.max(maxY, (e.getValue() - submittedAt[e.getKey()]) / 1e6);
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'>%n",
                width, height));
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>latency over the run (ms); "
                + "blue: submit, orange: submit to department mail; max %.0f ms, %.0f s</text>%n", left, maxY, maxX));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", left,
                height - bottom, width - 10, height - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='30' x2='%d' y2='%d' stroke='black'/>%n", left, left,
                height - bottom));
        double plotW = width - left - 10;
        double plotH = height - bottom - 30;
        int step = Math.max(1, submittedAt.length / 4000);
        for (int i = 0; i < submittedAt.length; i += step) {
            if (submittedAt[i] <= 0) {
                continue;
            }
            double x = left + (submittedAt[i] - origin) / 1e9 / maxX * plotW;
            if (submitMs[i] >= 0) {
                double y = height - bottom - submitMs[i] / maxY * plotH;
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='1.2' fill='#1f77b4'/>%n", x, y));
            }
            Long arrival = arrivals.get(i);
            if (arrival != null) {
                double y = height - bottom - (arrival - submittedAt[i]) / 1e6 / maxY * plotH;
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='1.2' fill='#ff7f0e'/>%n", x, y));
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
