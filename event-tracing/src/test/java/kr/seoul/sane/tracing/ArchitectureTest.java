package kr.seoul.sane.tracing;

import kr.seoul.sane.rules.PlatformRules;
import org.junit.jupiter.api.Test;

/** event-tracing is shared infrastructure: it carries trace context and knows no service and no database. */
class ArchitectureTest {

    @Test
    void knowsNoServiceAndNoStore() {
        PlatformRules.sharedInfrastructure().check(PlatformRules.mainClasses("kr.seoul.sane.tracing"));
    }
}
