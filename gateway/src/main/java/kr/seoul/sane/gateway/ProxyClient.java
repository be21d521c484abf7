package kr.seoul.sane.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client that forwards requests to the services: Apache HttpClient 5 (classic), picked by
 * {@code spring.http.clients.imperative.factory}, with the timeouts of {@code spring.http.clients}. Each forwarded
 * request does its blocking I/O on the request's own (virtual) thread over a pooled keep-alive connection; the JDK's
 * client, used before, hands every request to its selector thread and back, which made the gateway cost about as
 * much CPU per proposal as the service behind it.
 *
 * <p>The pool allows {@code sane.gateway.connections-per-service} connections to each service instance (the
 * library's default of 5 would queue a burst of submissions in the gateway), and the client never repeats a request
 * by itself: reads are retried once on the next instance by the routes' Retry filter, writes never.
 */
@Configuration(proxyBeanMethods = false)
class ProxyClient {

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> proxyConnections(
            @Value("${sane.gateway.connections-per-service:256}") int perService) {
        return builder -> builder
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(perService)
                        .setMaxConnTotal(4 * perService))
                .withHttpClientCustomizer(client -> client.disableAutomaticRetries());
    }
}
