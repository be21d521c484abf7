package kr.seoul.sane.gateway;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Tells the services who the client is. The services rate-limit submissions per client, so the address they see
 * must be the client's, not the gateway's, and a client must not be able to pick it: an incoming X-Forwarded-For
 * is kept only when the peer is a trusted proxy; otherwise it is replaced by the peer address.
 */
final class ClientAddressHeadersFilter implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    static final String X_FORWARDED_PORT = "X-Forwarded-Port";

    private final Pattern trustedProxies;

    ClientAddressHeadersFilter(String trustedProxies) {
        this.trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
    }

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpServletRequest servletRequest = request.servletRequest();
        String peer = servletRequest.getRemoteAddr();
        boolean trusted = trustedProxies != null && peer != null && trustedProxies.matcher(peer).matches();

        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        // read from the original request: the gateway's own filters may already have dropped these headers
        String incomingFor = trusted ? servletRequest.getHeader(X_FORWARDED_FOR) : null;
        String forwardedFor = incomingFor == null || incomingFor.isBlank() ? peer : incomingFor + ", " + peer;
        headers.set(X_FORWARDED_FOR, forwardedFor);
        headers.set(X_FORWARDED_PROTO, pick(trusted, servletRequest.getHeader(X_FORWARDED_PROTO), servletRequest.getScheme()));
        String host = pick(trusted, servletRequest.getHeader(X_FORWARDED_HOST), servletRequest.getHeader(HttpHeaders.HOST));
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
        headers.set(X_FORWARDED_PORT, pick(trusted, servletRequest.getHeader(X_FORWARDED_PORT),
                Integer.toString(servletRequest.getServerPort())));
        return headers;
    }

    private static String pick(boolean trusted, String incoming, String own) {
        return trusted && incoming != null && !incoming.isBlank() ? incoming : own;
    }

    @Override
    public int getOrder() {
        // after the gateway's own header filters (which drop untrusted forwarding headers)
        return Ordered.LOWEST_PRECEDENCE;
    }
}
