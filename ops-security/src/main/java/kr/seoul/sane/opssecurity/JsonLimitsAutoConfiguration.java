package kr.seoul.sane.opssecurity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's stream read limits ({@link JsonReadLimits}) in the {@code JsonMapper} of every service, and a Korean
 * {@code 400} for JSON that goes past them ({@link JsonLimitsAdvice}).
 * <p>
 * Jackson 3 fixes a mapper builder's {@link JsonFactory} when the builder is made, and Boot 4.0's
 * {@code JacksonAutoConfiguration} makes it with the default factory, so a {@code JsonMapperBuilderCustomizer}
 * cannot reach the limits. This configuration therefore supplies the {@code JsonMapper.Builder} Boot would, on a
 * factory with the limits, and applies every {@code JsonMapperBuilderCustomizer} (Boot's own included) in order,
 * as Boot does; Boot's builder backs off ({@code @ConditionalOnMissingBean}). From Boot 4.1 on, a
 * {@code JsonFactoryBuilderCustomizer} (or {@code spring.jackson.factory.constraints.read.*}) does the same job.
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@ConditionalOnClass(JsonMapper.class)
@EnableConfigurationProperties(JsonReadLimits.class)
public class JsonLimitsAutoConfiguration {

    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean
    JsonMapper.Builder jsonMapperBuilder(JsonReadLimits limits, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().streamReadConstraints(limits.constraints()).build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {
        @Bean
        JsonLimitsAdvice jsonLimitsAdvice(JsonReadLimits limits) {
            return new JsonLimitsAdvice(limits.message());
        }
    }
}
