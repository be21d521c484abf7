package kr.seoul.sane.gateway;

import kr.seoul.sane.opssecurity.time.ClockRule;
import org.junit.jupiter.api.Test;

/** The gateway keeps no dates; should it ever need one, it asks an injected Clock too. */
class ClockReadsTest {

    @Test
    void mainCodeReadsTimeOnlyFromTheInjectedClock() {
        ClockRule.check("kr.seoul.sane.gateway");
    }
}
