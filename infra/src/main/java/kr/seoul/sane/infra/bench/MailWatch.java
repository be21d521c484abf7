package kr.seoul.sane.infra.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Reports each benchmark proposal whose department mail reached the mail sink. */
abstract class MailWatch implements AutoCloseable {

    protected final AtomicBoolean closed = new AtomicBoolean();
    protected final AtomicLong reconnects = new AtomicLong();

    abstract void start() throws Exception;

    /** How often the watch lost the sink and found it again (never the end of a run). */
    final long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
