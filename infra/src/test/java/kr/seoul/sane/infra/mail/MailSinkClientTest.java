package kr.seoul.sane.infra.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MailSinkClientTest {

    @Test
    void decodesAKoreanMultipartMailAsTheSinkReturnsIt() {
        String body = Base64.getEncoder().encodeToString(
                "제안 제목: 한강 플로깅 캠페인\n기관: (사)지구반장".getBytes(StandardCharsets.UTF_8));
        String mime = "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(
                "[서울사네] 새 협력제안".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + body + "\r\n--b1--\r\n";
        ObjectNode message = new ObjectMapper().createObjectNode().put("mimeMessage", mime);

        MailSinkClient.Mail mail = MailSinkClient.decode(message);

        assertThat(mail.subject()).isEqualTo("[서울사네] 새 협력제안");
        assertThat(mail.mentions("한강 플로깅 캠페인")).isTrue();
        assertThat(mail.mentions("(사)지구반장")).isTrue();
        assertThat(mail.mentions("없는 제목")).isFalse();
    }
}
