package kr.seoul.sane.rules.cycle.b;

import kr.seoul.sane.rules.cycle.a.First;

/** The other half of the package cycle. */
public final class Second {

    public First back() {
        return new First();
    }
}
