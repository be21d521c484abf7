package kr.seoul.sane.events;

import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

/** platform-events is shared infrastructure: it speaks the envelope and knows no service and no database. */
class ArchitectureTest {

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(PlatformRules.mainClasses("kr.seoul.sane"));
    }
}
