package kr.seoul.sane.rules.cycle.a;

import kr.seoul.sane.rules.cycle.b.Second;

/** One half of a package cycle that {@code PlatformRules.packagesFormNoCycle} must reject. */
public final class First {

    public Second next() {
        return new Second();
    }
}
