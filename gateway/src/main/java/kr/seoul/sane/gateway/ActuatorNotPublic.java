package kr.seoul.sane.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.Map;

/**
 * No actuator on the public origin: the gateway's actuator (health with its groups, info, prometheus) is on its
 * management port ({@code management.server.port}). On the public port {@code GET /actuator/health} keeps answering
 * the overall status alone ({@code {"status":"UP"}}, 503 when down; no components, no details) for the launcher's
 * readiness check and load balancers, and every other {@code /actuator/**} path answers {@code 404} here, ahead of
 * the routes, instead of falling through to the catch-all route and reaching a service's actuator.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorNotPublic {

    static final String NOT_FOUND = "{\"errors\":[{\"field\":null,\"message\":"
            + "\"찾을 수 없는 주소입니다. (Not found.)\"}]}";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> actuatorNotFound(ObjectProvider<HealthEndpoint> health) {
        return RouterFunctions.route()
                .GET("/actuator/health", request -> status(health.getObject().health().getStatus()))
                .route(RequestPredicates.path("/actuator").or(RequestPredicates.path("/actuator/**")),
                        request -> ServerResponse.status(HttpStatus.NOT_FOUND)
                                .contentType(MediaType.APPLICATION_JSON).body(NOT_FOUND))
                .build();
    }

    private static ServerResponse status(Status status) {
        return ServerResponse.status(Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("status", status.getCode()));
    }
}
