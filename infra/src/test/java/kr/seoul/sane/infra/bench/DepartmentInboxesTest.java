package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DepartmentInboxesTest {

    private static final String INBOX = "env@seoul.example";

    private final GreenMail sink = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});

    @BeforeEach
    void start() {
        sink.start();
        sink.setUser(INBOX, INBOX, INBOX);
    }

    @AfterEach
    void stop() {
        sink.stop();
    }

    @Test
    void findsTheProposalOfThisRunInTheSubject() {
        Pattern marker = DepartmentInboxes.marker("AB1");
        assertThat(DepartmentInboxes.index(marker, "[서울사네 협력제안] 종로구 공원 캠페인 [AB1-42]")).isEqualTo(42);
        assertThat(DepartmentInboxes.index(marker, "[서울사네 협력제안] 종로구 공원 캠페인 [XB1-42]")).isEqualTo(-1);
        assertThat(DepartmentInboxes.index(marker, null)).isEqualTo(-1);
    }

    @Test
    void countsEachNewMailOfTheRunOnceAndDeletesOnlyThose() throws Exception {
        send("[서울사네 협력제안] 이전 실행 [AB1-99]"); // already there when watching starts: not ours
        Set<Integer> arrived = ConcurrentHashMap.newKeySet();
        List<Integer> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        int imapPort = sink.getImap().getPort();
        try (DepartmentInboxes inboxes = new DepartmentInboxes("127.0.0.1", imapPort, List.of(INBOX), "AB1",
                index -> {
                    arrived.add(index);
                    arrivals.add(index);
                }, line -> { })) {
            inboxes.start();
            for (int i = 0; i < 12; i++) {
                send("[서울사네 협력제안] 공원 캠페인 [AB1-" + i + "]");
            }
            send("[서울사네 협력제안] 다른 메일"); // no marker: stays in the mailbox
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (arrived.size() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(arrived).hasSize(12).doesNotContain(99);
            // the counted mails leave the sink; the one without the marker and the older one stay
            while (sink.getReceivedMessagesForDomain(INBOX).length > 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2_500); // a sweep later nothing is counted twice
            assertThat(arrivals).hasSize(12);
        }
        assertThat(List.of(sink.getReceivedMessagesForDomain(INBOX)))
                .extracting(m -> m.getSubject())
                .containsExactlyInAnyOrder("[서울사네 협력제안] 이전 실행 [AB1-99]", "[서울사네 협력제안] 다른 메일");
    }

    private void send(String subject) {
        GreenMailUtil.sendTextEmail(INBOX, "no-reply@seoul.example", subject, "본문",
                new ServerSetup(sink.getSmtp().getPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }
}
