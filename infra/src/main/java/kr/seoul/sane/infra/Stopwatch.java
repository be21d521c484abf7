package kr.seoul.sane.infra;

/** Seconds since the launcher began to start the platform (elapsed time only, no date). */
record Stopwatch(long startNanos) {

    static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
