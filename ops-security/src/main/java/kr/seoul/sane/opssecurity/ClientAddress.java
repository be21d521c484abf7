package kr.seoul.sane.opssecurity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client a request comes from. Behind the gateway the socket peer is the gateway itself, which appends the
 * address it saw to X-Forwarded-For; the last entry is therefore the one a client cannot forge.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty() && hop.length() <= 64) {
                    return hop;
                }
            }
        }
        return request.getRemoteAddr();
    }
}
