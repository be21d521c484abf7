package kr.seoul.sane.opssecurity;

import com.tngtech.archunit.core.domain.JavaClasses;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

/**
 * ops-security is shared infrastructure: no service's code, no cycle between its packages, and no database beyond
 * the MongoDB health check of the services that have one and their 503 while it cannot be reached ({@code health}).
 */
class ArchitectureTest {

    /** Both packages of the module: kr.seoul.sane.opssecurity and kr.seoul.sane.calendar. */
    private static final JavaClasses MAIN = PlatformRules.mainClasses("kr.seoul.sane.opssecurity",
            "kr.seoul.sane.calendar");

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(MAIN.that(not(resideInAPackage("kr.seoul.sane.opssecurity.health"))));
        PlatformRules.dependsOnNoService().check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        PlatformRules.packagesFormNoCycle("kr.seoul.sane.(*)..").check(MAIN);
    }
}
