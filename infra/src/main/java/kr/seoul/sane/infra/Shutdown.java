package kr.seoul.sane.infra;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * The launcher's shutdown hook (SIGINT/SIGTERM): marks the platform as stopping, so nothing is restarted, stops the
 * services and the gateway together, then the infrastructure together, each group SIGKILLed after its time.
 */
final class Shutdown implements Runnable {

    /** Time the services (together) and then the infrastructure (together) get to stop before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** The services' stop time when one of them writes its class-data archive on exit (first stop after a build). */
    private static final Duration STOP_TIMEOUT_WRITING_ARCHIVES = Duration.ofSeconds(35);

    private final Children children;
    private final Predicate<String> writesArchive;
    private final Console console;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** {@code writesArchive}: whether a child writes its class-data archive as it exits. */
    Shutdown(Children children, Predicate<String> writesArchive, Console console) {
        this.children = children;
        this.writesArchive = writesArchive;
        this.console = console;
    }

    @Override
    public void run() {
        if (!children.beginStop()) {
            return;
        }
        console.say("stopping ...");
        long t0 = System.nanoTime();
        children.killOneShot();
        List<String> writing = children.services().stream().map(Child::name).filter(writesArchive).toList();
        if (!writing.isEmpty()) {
            console.say("class-data archives are written while these stop (first stop after a build): " + writing);
        }
        stopTogether(children.services(), writing.isEmpty() ? STOP_TIMEOUT : STOP_TIMEOUT_WRITING_ARCHIVES);
        stopTogether(children.infrastructure(), STOP_TIMEOUT);
        // stragglers started by a restart racing with the stop
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        console.say(String.format(Locale.ROOT, "stopped in %.1f s", (System.nanoTime() - t0) / 1e9));
        stopped.countDown();
    }

    /** Blocks until the hook has stopped every child. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private static void stopTogether(List<Child> group, Duration timeout) {
        group.forEach(Child::terminate);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Child child : group) {
            long left = Math.max(0, deadline - System.nanoTime());
            child.awaitOrKill(Duration.ofNanos(left));
        }
    }
}
