package kr.seoul.sane.catalog;

import com.tngtech.archunit.core.domain.JavaClasses;
import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

/** The structure docs/conventions.md promises for this service, checked on its main classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = PlatformRules.mainClasses("kr.seoul.sane.catalog");

    @Test
    void controllersCallServicesNeverTheStore() {
        PlatformRules.controllersReachNoStore().check(MAIN);
    }

    @Test
    void importsNoOtherService() {
        PlatformRules.importsNoOtherService("catalog").check(MAIN);
    }

    @Test
    void noCyclesBetweenPackages() {
        PlatformRules.packagesFormNoCycle("kr.seoul.sane.catalog.(*)..").check(MAIN);
    }
}
