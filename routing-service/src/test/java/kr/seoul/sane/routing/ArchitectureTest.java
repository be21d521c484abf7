package kr.seoul.sane.routing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The structure rules of routing-service (docs/conventions.md): the classifier is plain Java, web controllers reach
 * MongoDB only through services, and the packages form no cycle.
 */
class ArchitectureTest {

    private static final String BASE = "kr.seoul.sane.routing";
    private static final JavaClasses MAIN = PlatformRules.mainClasses(BASE);

    static final ArchRule CLASSIFIER_IS_PLAIN_JAVA = noClasses().that().resideInAPackage(BASE + ".classifier..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the classifier runs without a Spring context (route-eval, tests)");

    static final ArchRule CONTROLLERS_DO_NOT_QUERY_MONGODB = noClasses().that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().areAssignableTo(MongoOperations.class)
            .because("controllers call services, never MongoTemplate");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();

    @Test
    void classifierDependsOnNoSpringType() {
        CLASSIFIER_IS_PLAIN_JAVA.check(MAIN);
    }

    @Test
    void noControllerUsesMongoTemplate() {
        CONTROLLERS_DO_NOT_QUERY_MONGODB.check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    /** A controller that queries the store itself: what the rule above must reject. */
    static final class QueryingController {
        private final MongoTemplate mongo;

        QueryingController(MongoTemplate mongo) {
            this.mongo = mongo;
        }

        long count() {
            return mongo.getCollection("routing_decisions").countDocuments();
        }
    }

    @Test
    void theControllerRuleRejectsAControllerWithMongoTemplate() {
        JavaClasses offender = new ClassFileImporter().importClasses(QueryingController.class);
        assertThatThrownBy(() -> CONTROLLERS_DO_NOT_QUERY_MONGODB.check(offender))
                .hasMessageContaining("QueryingController");
    }
}
