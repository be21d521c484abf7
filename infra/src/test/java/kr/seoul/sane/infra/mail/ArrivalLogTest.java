package kr.seoul.sane.infra.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

class ArrivalLogTest {

    @Test
    void keepsTheNewestEntriesInOrderAndSaysWhereToGoOn() {
        AtomicLong now = new AtomicLong(1000);
        ArrivalLog log = new ArrivalLog(3, now::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            log.record("d" + i + "@dept.example", "제목\r\n" + i);
        }
        ArrivalLog.Page all = log.read(0);
        // a ring of three: entries 0 and 1 are gone, the gap shows in the numbers
        assertThat(all.lines()).isEqualTo("""
                2\t1003\td2@dept.example\t제목  2
                3\t1004\td3@dept.example\t제목  3
                4\t1005\td4@dept.example\t제목  4
                """);
        assertThat(all.next()).isEqualTo(5);
        assertThat(log.read(4).lines()).startsWith("4\t");
        assertThat(log.read(5)).isEqualTo(new ArrivalLog.Page("", 5));
        assertThat(log.read(Long.MAX_VALUE / 2).next()).isEqualTo(5);
    }

    @Test
    void recordsWhatTheSinkAcceptedOverSmtpAndServesItOverHttp() throws Exception {
        GreenMail sink = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        sink.start();
        HttpServer server = null;
        try {
            UserManager users = sink.getUserManager();
            ArrivalLog log = new ArrivalLog(16, System::currentTimeMillis);
            users.setMessageDeliveryHandler(log.recording(users.getMessageDeliveryHandler()));
            server = log.serve(new InetSocketAddress("127.0.0.1", 0));

            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(sink.getSmtp().getPort()));
            MimeMessage mail = new MimeMessage(Session.getInstance(props));
            mail.setFrom(new InternetAddress("noreply@platform.example"));
            mail.setRecipients(Message.RecipientType.TO, "parks@dept.seoul.example, applicant@example.org");
            mail.setSubject("[서울사네 협력제안] 공원 캠페인 [RUN-7]", "UTF-8");
            mail.setText("본문", "UTF-8");
            Transport.send(mail);

            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/arrivals?from=0");
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Next-Arrival")).hasValue("2");
            assertThat(answer.body().lines().map(line -> line.split("\t", 4)[2]))
                    .containsExactlyInAnyOrder("parks@dept.seoul.example", "applicant@example.org");
            assertThat(answer.body()).contains("\t[서울사네 협력제안] 공원 캠페인 [RUN-7]\n");

            HttpResponse<String> wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(uri.toString().replace("from=0", "from=x"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(400);
        } finally {
            if (server != null) {
                server.stop(0);
            }
            sink.stop();
        }
    }
}
