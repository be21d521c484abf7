package kr.seoul.sane.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

/**
 * platform-events is shared infrastructure: it speaks the envelope and knows no service, and no database beyond the
 * idempotency guard of the consumers that write to one ({@code guard}).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = PlatformRules.mainClasses("kr.seoul.sane.events");

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(MAIN.that(not(resideInAPackage("kr.seoul.sane.events.guard.."))));
        PlatformRules.dependsOnNoService().check(MAIN);
    }
}
