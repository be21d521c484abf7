package kr.seoul.sane.opssecurity;

import com.tngtech.archunit.core.domain.JavaClasses;
import kr.seoul.sane.opssecurity.arch.PlatformRules;
import kr.seoul.sane.opssecurity.time.ClockRule;
import org.junit.jupiter.api.Test;

/** ops-security is shared infrastructure: no service's code, no database, no cycle between its packages. */
class ArchitectureTest {

    /** Both packages of the module: kr.seoul.sane.opssecurity and kr.seoul.sane.calendar. */
    private static final JavaClasses MAIN = ClockRule.mainClasses("kr.seoul.sane");

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        PlatformRules.packagesFormNoCycle("kr.seoul.sane.(*)..").check(MAIN);
    }
}
