package kr.seoul.sane.catalog.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.concurrent.TimeUnit;

/**
 * {@code sane_catalog_api_seconds{uri,status}}: latency of the public catalogue API ({@code /api/cases},
 * {@code /api/institutions}, {@code /api/catalog/stats}); {@code uri} is the route pattern, never the raw path.
 */
@Configuration(proxyBeanMethods = false)
class ApiMetrics implements WebMvcConfigurer {

    private static final String START = ApiMetrics.class.getName() + ".start";
    private final MeterRegistry meters;

    ApiMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                request.setAttribute(START, System.nanoTime());
                return true;
            }

            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                        Exception ex) {
                if (request.getAttribute(START) instanceof Long start) {
                    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                    Timer.builder("sane.catalog.api")
                            .description("latency of the public catalogue API")
                            .tag("uri", pattern == null ? "UNKNOWN" : pattern.toString())
                            .tag("status", Integer.toString(response.getStatus()))
                            .register(meters)
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            }
        }).addPathPatterns("/api/**").excludePathPatterns("/api/ops/**");
    }
}
