package kr.seoul.sane.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

/**
 * The gateway only forwards: no other service's classes, no database. It has one package and no controller, so the
 * cycle and controller rules of the services have nothing to check here.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = PlatformRules.mainClasses("kr.seoul.sane.gateway");

    @Test
    void importsNoOtherService() {
        PlatformRules.importsNoOtherService("gateway").check(MAIN);
    }

    @Test
    void reachesNoStore() {
        PlatformRules.noClassReachesTheStore().check(MAIN);
    }
}
