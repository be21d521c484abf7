package kr.seoul.sane.catalog.transparency;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** RFC 4180 CSV in UTF-8 with a byte order mark; an empty cell for null. */
final class CsvTable {

    private static final String BOM = "\uFEFF";
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");
    /** A text cell a spreadsheet would run as a formula gets a leading apostrophe. */
    private static final Pattern FORMULA = Pattern.compile("^[=+\\-@\t\r]");

    private CsvTable() {
    }

    static byte[] utf8WithBom(List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(BOM);
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        if (FORMULA.matcher(text).find()) {
            text = "'" + text;
        }
        return NEEDS_QUOTES.matcher(text).find() ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
