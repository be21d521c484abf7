package kr.seoul.sane.opssecurity.browser;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.file.Files;

/**
 * {@code @Import} it into a service's browser test to serve the platform stylesheet at {@code /assets/**}, as the
 * gateway does ({@link Chromium#SITE_CSS}, from the proposal-service sources next to the module), so that contrast
 * is checked against the real look.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PlatformStylesheet {

    @Bean
    WebMvcConfigurer platformStylesheet() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                if (Files.isRegularFile(Chromium.SITE_CSS)) {
                    registry.addResourceHandler("/assets/**").addResourceLocations(
                            Chromium.SITE_CSS.toAbsolutePath().normalize().getParent().toUri().toString());
                }
            }
        };
    }
}
