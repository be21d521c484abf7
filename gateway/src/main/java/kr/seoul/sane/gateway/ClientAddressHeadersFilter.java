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
 * is read only when the peer is a trusted proxy ({@code GATEWAY_TRUSTED_PROXIES}, a pattern of addresses), and then
 * only as far as trusted proxies wrote it; otherwise the peer address is the client. The services receive one
 * address in X-Forwarded-For.
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
        headers.set(X_FORWARDED_FOR, trusted ? client(servletRequest.getHeader(X_FORWARDED_FOR), peer) : peer);
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

    /**
     * The client behind trusted proxies (an ingress, a load balancer): the X-Forwarded-For entries are read from the
     * right, the hops that are trusted proxies themselves are skipped, and the first other address is the client —
     * what a proxy appended, not what a client wrote further left. The services see just that one address, so every
     * client behind the same ingress keeps a rate-limit bucket of its own.
     */
    String client(String incomingFor, String peer) {
        String client = peer;
        if (incomingFor == null || incomingFor.isBlank()) {
            return client;
        }
        String[] hops = incomingFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty() || hop.length() > 64) {
                continue;
            }
            client = hop;
            if (!trustedProxies.matcher(hop).matches()) {
                break;
            }
        }
        return client;
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
