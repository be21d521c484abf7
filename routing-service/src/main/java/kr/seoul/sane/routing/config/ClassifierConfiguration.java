package kr.seoul.sane.routing.config;

import kr.seoul.sane.routing.classifier.ClassifierSettings;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import kr.seoul.sane.routing.classifier.RoutingClassifier;
import kr.seoul.sane.routing.classifier.TextAnalyzer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The department directory and the production classifier, with the auto-routing threshold from configuration and
 * the non-proposal detector trained at start-up on the bundled labelled sets.
 */
@Configuration(proxyBeanMethods = false)
class ClassifierConfiguration {

    @Bean
    DepartmentDirectory departmentDirectory() {
        return DepartmentDirectory.fromClasspath();
    }

    @Bean(destroyMethod = "")
    TextAnalyzer textAnalyzer() {
        return new TextAnalyzer();
    }

    @Bean
    RoutingClassifier routingClassifier(DepartmentDirectory directory, TextAnalyzer analyzer,
                                        @Value("${sane.routing.auto-threshold}") double threshold) {
        // the non-proposal detector is trained here, from the labelled sets bundled with the service
        return RoutingClassifier.trained(directory, analyzer,
                ClassifierSettings.builder().autoThreshold(threshold).build());
    }
}
