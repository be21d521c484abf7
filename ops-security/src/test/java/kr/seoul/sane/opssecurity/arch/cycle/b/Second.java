package kr.seoul.sane.opssecurity.arch.cycle.b;

import kr.seoul.sane.opssecurity.arch.cycle.a.First;

/** The other half of the package cycle. */
public final class Second {

    public First back() {
        return new First();
    }
}
