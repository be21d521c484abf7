package kr.seoul.sane.opssecurity;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code next} parameter of the login page: only a relative path of this site (no scheme, no host, no
 * {@code //} or backslash tricks, no control characters), else the console's start page.
 */
public final class NextPath {

    public static final String DEFAULT = "/ops";
    private static final int MAX_LENGTH = 2000;

    private NextPath() {
    }

    public static String sanitise(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || !next.startsWith("/")
                || next.startsWith("//") || next.indexOf('\\') >= 0) {
            return DEFAULT;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return DEFAULT;
            }
        }
        try {
            URI uri = new URI(next);
            if (uri.isAbsolute() || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/") || uri.getRawPath().startsWith("//")) {
                return DEFAULT;
            }
        } catch (URISyntaxException e) {
            return DEFAULT;
        }
        return next;
    }
}
