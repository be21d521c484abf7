package kr.seoul.sane.opssecurity.health;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every service with a MongoDB database: how long a command waits for the store before it fails
 * ({@code platform.store.server-selection-timeout}, 10 s; the driver's own default is 30 s, as long as the gateway
 * waits for a whole answer, so a person would get the gateway's "no answer in time" instead of the service's
 * "database unreachable, nothing done"), and {@link StoreUnavailableAdvice} for the requests that failed so.
 * Ten seconds ride through a restart of the local store after a crash (about 4 s here). Consumers retry for as long
 * as their own retry window says, whatever this timeout is.
 */
@AutoConfiguration
@ConditionalOnClass({MongoDatabaseFactory.class, MongoClientSettingsBuilderCustomizer.class})
public class StoreUnavailableAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer storeSelectionTimeout(
            @Value("${platform.store.server-selection-timeout:10s}") Duration timeout) {
        return settings -> settings.applyToClusterSettings(
                cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    StoreUnavailableAdvice storeUnavailableAdvice() {
        return new StoreUnavailableAdvice();
    }
}
