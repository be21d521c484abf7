package kr.seoul.sane.events;

import kr.seoul.sane.opssecurity.arch.PlatformRules;
import kr.seoul.sane.opssecurity.time.ClockRule;
import org.junit.jupiter.api.Test;

/** platform-events is shared infrastructure: it speaks the envelope and knows no service and no database. */
class ArchitectureTest {

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(ClockRule.mainClasses("kr.seoul.sane"));
    }
}
