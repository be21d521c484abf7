package kr.seoul.sane.catalog.web;

/** How the figure pages write numbers: a dash for an empty denominator, one decimal at most. */
final class FigureText {

    static final String NONE = "–";

    private FigureText() {
    }

    /** A share as a percentage: 0.25 → 25%, null → –. */
    static String percent(Double share) {
        return share == null ? NONE : number(share * 100) + "%";
    }

    /** A number of days or a count with one decimal at most: 1.5, 2, 66.7; null → –. */
    static String days(Double value) {
        return value == null ? NONE : number(value);
    }

    static String number(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
