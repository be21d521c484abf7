package kr.seoul.sane.infra.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * The sink's DATA command reads a mail as GreenMail's does: the end of data, dot-stuffed lines, nothing read past the
 * end; mails sent one after the other on one connection arrive whole, with GreenMail's own answers.
 */
class BulkDataCommandTest {

    @Test
    void readsUpToTheEndOfDataAndLeavesWhatFollows() throws Exception {
        byte[] wire = ("Subject: a\r\n\r\n..starts with a dot\r\nline\r\n.\r\nMAIL FROM:<next@example.org>\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(wire));

        byte[] data = BulkDataCommand.readData(in, "P: x\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(data, StandardCharsets.US_ASCII))
                .isEqualTo("P: x\r\nSubject: a\r\n\r\n.starts with a dot\r\nline");
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("MAIL FROM:<next@example.org>\r\n");
    }

    @Test
    void readsDataLongerThanOneBufferAndADotOnlyAfterALineBreak() throws Exception {
        String body = "가나다라 x.y\r\n".repeat(2000) + "end.";
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(
                (body + "\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8)), 512);

        byte[] data = BulkDataCommand.readData(in, new byte[0]);

        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
    }

    @Test
    void aStreamThatEndsBeforeTheDotIsRefused() {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(
                "Subject: cut\r\n\r\nno end".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> BulkDataCommand.readData(in, new byte[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unexpected end of stream");
    }

    @Test
    void mailsOnOneConnectionArriveWholeWithGreenMailsAnswers() throws Exception {
        BulkDataCommand.install();
        assertThat(new SmtpCommandRegistry().getCommand("DATA")).isInstanceOf(BulkDataCommand.class);
        GreenMail sink = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        sink.start();
        try {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(sink.getSmtp().getPort()));
            Session session = Session.getInstance(props);
            String text = "첫 줄\n.점으로 시작하는 줄\n..두 점\n" + "본문 ".repeat(3000) + "\n.";
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                for (int i = 0; i < 3; i++) {
                    MimeMessage mail = new MimeMessage(session);
                    mail.setFrom(new InternetAddress("no-reply@sane.seoul.example"));
                    mail.setRecipient(Message.RecipientType.TO, new InternetAddress("dept" + i + "@dept.seoul.example"));
                    mail.setSubject("협력 제안 " + i, "UTF-8");
                    mail.setText(text + i, "UTF-8", "plain");
                    mail.setHeader("Content-Transfer-Encoding", "8bit");
                    transport.sendMessage(mail, mail.getAllRecipients());
                }
            }
            MimeMessage[] received = sink.getReceivedMessages();
            assertThat(received).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(received[i].getSubject()).isEqualTo("협력 제안 " + i);
                assertThat(((String) received[i].getContent()).replace("\r\n", "\n")).isEqualTo(text + i);
                assertThat(received[i].getHeader("Received")[0]).startsWith("from 127.0.0.1 (HELO ");
                assertThat(received[i].getHeader("Return-Path")[0]).isEqualTo("<no-reply@sane.seoul.example>");
            }

            try (Socket socket = new Socket("127.0.0.1", sink.getSmtp().getPort())) {
                BufferedReader answers = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream commands = socket.getOutputStream();
                answers.readLine();
                commands.write("HELO test\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(answers.readLine()).startsWith("250");
                assertThat(answers.readLine()).isEqualTo("503 MAIL command required");
                commands.write("MAIL FROM:<a@example.org>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(answers.readLine()).startsWith("250");
                assertThat(answers.readLine()).isEqualTo("503 RCPT command(s) required");
            }
        } finally {
            sink.stop();
        }
    }
}
