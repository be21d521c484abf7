package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import kr.seoul.sane.infra.mail.ArrivalLog;
import org.junit.jupiter.api.Test;

class SinkArrivalsTest {

    @Test
    void countsOnlyThisRunsDepartmentMailsThatArrivedAfterTheStart() throws Exception {
        ArrivalLog log = new ArrivalLog(64, System::currentTimeMillis);
        HttpServer server = log.serve(new InetSocketAddress("127.0.0.1", 0));
        int port = server.getAddress().getPort();
        List<Integer> arrived = new CopyOnWriteArrayList<>();
        try (SinkArrivals watch = new SinkArrivals("127.0.0.1", port, Set.of("parks@dept.seoul.example"), "R1",
                arrived::add, message -> { })) {
            log.record("parks@dept.seoul.example", "공원 [R1-1]"); // before the start: not ours
            assertThat(SinkArrivals.available("127.0.0.1", port)).isTrue();
            watch.start();
            log.record("parks@dept.seoul.example", "공원 [R1-2]");
            log.record("applicant@example.org", "접수 [R1-3]"); // the applicant's receipt completes nothing
            log.record("parks@dept.seoul.example", "공원 [R0-4]"); // another run's
            log.record("parks@dept.seoul.example", "공원 [R1-5]");
            watch.readOnce();
            assertThat(arrived).containsExactly(2, 5);
            watch.readOnce();
            assertThat(arrived).containsExactly(2, 5);
        } finally {
            server.stop(0);
        }
        assertThat(SinkArrivals.available("127.0.0.1", port)).isFalse();
    }
}
