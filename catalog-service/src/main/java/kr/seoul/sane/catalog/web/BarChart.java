package kr.seoul.sane.catalog.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a server-rendered SVG bar chart (the template draws it; no JavaScript). Horizontal charts put the
 * label left of each bar, vertical ones below it; every bar carries its value as text, so the chart is readable
 * without colour, and each page shows the same numbers in a table as well.
 */
record BarChart(double width, double height, boolean horizontal, List<Bar> bars, double axisX1, double axisY1,
                double axisX2, double axisY2) {

    /** One bar with its label and value text positions. */
    record Bar(String label, String value, double x, double y, double w, double h, double labelX, double labelY,
               double valueX, double valueY) {
    }

    /** One entry to draw: a label, a number and the text shown for it. */
    record Entry(String label, double value, String text) {
    }

    private static final double WIDTH = 720;
    private static final double ROW = 30;
    private static final double LABEL_WIDTH = 230;
    private static final double VALUE_WIDTH = 70;
    private static final double COLUMN_AREA = 220;
    private static final double MARGIN = 8;

    static BarChart horizontal(List<Entry> entries) {
        double max = max(entries);
        double room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double y = MARGIN + i * ROW;
            double w = max == 0 ? 0 : room * e.value() / max;
            bars.add(new Bar(e.label(), e.text(), LABEL_WIDTH, y + 4, w, ROW - 8, LABEL_WIDTH - 8, y + ROW / 2 + 5,
                    LABEL_WIDTH + w + 6, y + ROW / 2 + 5));
        }
        double height = MARGIN * 2 + entries.size() * ROW;
        return new BarChart(WIDTH, height, true, bars, LABEL_WIDTH, MARGIN, LABEL_WIDTH, height - MARGIN);
    }

    static BarChart vertical(List<Entry> entries) {
        double max = max(entries);
        double slot = entries.isEmpty() ? 0 : Math.min(80, (WIDTH - 2 * MARGIN) / entries.size());
        double base = MARGIN + 24 + COLUMN_AREA;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double x = MARGIN + i * slot;
            double h = max == 0 ? 0 : COLUMN_AREA * e.value() / max;
            bars.add(new Bar(e.label(), e.text(), x + slot * 0.15, base - h, slot * 0.7, h, x + slot / 2, base + 20,
                    x + slot / 2, base - h - 6));
        }
        return new BarChart(WIDTH, base + 32, false, bars, MARGIN, base, WIDTH - MARGIN, base);
    }

    private static double max(List<Entry> entries) {
        return entries.stream().mapToDouble(Entry::value).max().orElse(0);
    }
}
