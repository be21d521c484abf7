package kr.seoul.sane.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.ServerRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressHeadersFilterTest {

    private static final String INGRESS = "10\\.0\\.\\d+\\.\\d+";

    private static String forwardedFor(ClientAddressHeadersFilter filter, String peer, String incoming) {
        MockHttpServletRequest servlet = new MockHttpServletRequest("POST", "/api/proposals");
        servlet.setRemoteAddr(peer);
        if (incoming != null) {
            servlet.addHeader("X-Forwarded-For", incoming);
        }
        HttpHeaders headers = filter.apply(new HttpHeaders(), ServerRequest.create(servlet, List.of()));
        return headers.getFirst("X-Forwarded-For");
    }

    @Test
    void aDirectClientIsThePeerWhateverItWrites() {
        ClientAddressHeadersFilter filter = new ClientAddressHeadersFilter(INGRESS);
        assertThat(forwardedFor(filter, "198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
        assertThat(forwardedFor(new ClientAddressHeadersFilter(""), "10.0.0.5", "203.0.113.9")).isEqualTo("10.0.0.5");
    }

    @Test
    void behindATrustedIngressEachClientKeepsItsOwnAddress() {
        ClientAddressHeadersFilter filter = new ClientAddressHeadersFilter(INGRESS);
        assertThat(forwardedFor(filter, "10.0.3.4", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(forwardedFor(filter, "10.0.3.4", "198.51.100.8")).isEqualTo("198.51.100.8");
        // a forged entry further left is not taken; trusted hops (a load balancer before the ingress) are skipped
        assertThat(forwardedFor(filter, "10.0.3.4", "1.2.3.4, 198.51.100.7, 10.0.9.9")).isEqualTo("198.51.100.7");
        // nothing usable from the proxy: the proxy itself
        assertThat(forwardedFor(filter, "10.0.3.4", " , ")).isEqualTo("10.0.3.4");
        assertThat(forwardedFor(filter, "10.0.3.4", null)).isEqualTo("10.0.3.4");
    }
}
