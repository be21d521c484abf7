package kr.seoul.sane.notification;

import kr.seoul.sane.opssecurity.time.ClockRule;
import org.junit.jupiter.api.Test;

class ClockReadsTest {

    /** The Date header of a mail is the moment of the hand-off to SMTP, set where the message is built. */
    @Test
    void mainCodeReadsTimeOnlyFromTheInjectedClock() {
        ClockRule.check("kr.seoul.sane.notification");
    }
}
