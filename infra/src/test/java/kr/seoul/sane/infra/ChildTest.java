package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildTest {

    /** Restarts and their back-off are timed by the real clock here. */
    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();

    @TempDir
    Path home;

    private final List<String> said = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Test
    void aChildThatDiesIsRestartedAndSaysSo() throws Exception {
        Child child = new Child(new ChildSpec("flaky", List.of("sh", "-c", "echo hello $GREETING; sleep 0.3; exit 3"),
                Map.of("GREETING", "서울")), supervision());
        child.start();
        long firstPid = child.process().pid();

        awaitSaid("flaky restarted", Duration.ofSeconds(10));
        stopping.set(true);
        child.terminate();
        child.awaitOrKill(Duration.ofSeconds(5));

        assertThat(said).anyMatch(line -> line.startsWith("flaky (pid " + firstPid + ") exited with code 3"));
        assertThat(Files.readString(home.resolve("logs/flaky.log"))).contains("hello 서울");
    }

    @Test
    void aChildThatRefusesItsConfigurationIsNotRestartedAndStopsThePlatformWithItsReason() throws Exception {
        Child child = new Child(new ChildSpec("strict", List.of("sh", "-c", "echo 'ERROR x: 서명 키가 안전하지 않아 "
                + "시작하지 않습니다 (refusing to start with unsafe signing secrets): PLATFORM_OPS_SECRET: placeholder';"
                + " exit 78")), supervision());
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        child.onConfigRefused(stopped::countDown);
        child.start();

        assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1500);
        assertThat(said).singleElement().asString()
                .startsWith("strict refused to start with this configuration: 서명 키가 안전하지 않아")
                .contains("PLATFORM_OPS_SECRET: placeholder", "stopping the platform");
        assertThat(said).noneMatch(line -> line.contains("restart"));
    }

    @Test
    void nothingIsRestartedWhileStopping() throws Exception {
        Child child = new Child(new ChildSpec("sleeper", List.of("sleep", "30")), supervision());
        child.start();
        assertThat(home.resolve("run/sleeper.pid")).exists();

        stopping.set(true);
        child.terminate();
        assertThat(child.awaitOrKill(Duration.ofSeconds(5))).isTrue();
        Thread.sleep(1500);

        assertThat(child.alive()).isFalse();
        assertThat(said).noneMatch(line -> line.contains("restart"));
        assertThat(home.resolve("run/sleeper.pid")).doesNotExist();
    }

    @Test
    void aHoldFileKeepsTheChildDownUntilRemoved() throws Exception {
        Files.createDirectories(home.resolve("run"));
        Path hold = home.resolve("run/held.hold");
        Files.createFile(hold);
        Child child = new Child(new ChildSpec("held", List.of("sh", "-c", "sleep 0.2")), supervision());
        child.start();

        awaitSaid("held is held down", Duration.ofSeconds(10));
        assertThat(said).noneMatch(line -> line.startsWith("held restarted"));
        Files.delete(hold);
        awaitSaid("held restarted", Duration.ofSeconds(10));
        stopping.set(true);
        child.terminate();
        child.awaitOrKill(Duration.ofSeconds(5));
    }

    private Supervision supervision() {
        return new Supervision(home, home, stopping::get, said::add, CLOCK);
    }

    private void awaitSaid(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (said.stream().anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + said);
    }
}
