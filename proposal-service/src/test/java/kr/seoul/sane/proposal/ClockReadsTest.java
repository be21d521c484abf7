package kr.seoul.sane.proposal;

import kr.seoul.sane.opssecurity.time.ClockRule;
import org.junit.jupiter.api.Test;

class ClockReadsTest {

    @Test
    void mainCodeReadsTimeOnlyFromTheInjectedClock() {
        ClockRule.check("kr.seoul.sane.proposal");
    }
}
