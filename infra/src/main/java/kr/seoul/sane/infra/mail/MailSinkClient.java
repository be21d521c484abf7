package kr.seoul.sane.infra.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads the local mail sink (GreenMail standalone REST API): the messages an address received, decoded. */
public final class MailSinkClient {

    /**
     * One received mail: decoded subject, the text of all its text parts (plain and HTML) and its Message-ID (the
     * same for every SMTP transmission of one message).
     */
    public record Mail(String subject, String text, String messageId) {

        public Mail(String subject, String text) {
            this(subject, text, null);
        }

        public boolean mentions(String value) {
            return (subject != null && subject.contains(value)) || (text != null && text.contains(value));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Session SESSION = Session.getInstance(new Properties());

    private final String baseUrl;
    private final HttpClient http;

    public MailSinkClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** The raw JSON array of an address's inbox; an address that never received mail has none. */
    public JsonNode inbox(String address) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/user/"
                        + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            return JSON.createArrayNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException("mail sink answered " + response.statusCode() + " for " + address);
        }
        JsonNode body = JSON.readTree(response.body());
        return body.isArray() ? body : JSON.createArrayNode();
    }

    public List<Mail> mails(String address) throws IOException, InterruptedException {
        List<Mail> mails = new ArrayList<>();
        for (JsonNode message : inbox(address)) {
            mails.add(decode(message));
        }
        return mails;
    }

    public int count(String address) throws IOException, InterruptedException {
        return inbox(address).size();
    }

    static Mail decode(JsonNode message) {
        String subject = message.path("subject").asText(null);
        String raw = message.path("mimeMessage").asText("");
        try {
            MimeMessage mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            if (subject == null) {
                subject = mime.getSubject();
            }
            StringBuilder text = new StringBuilder();
            collectText(mime, text);
            return new Mail(subject, text.toString(), mime.getMessageID());
        } catch (MessagingException | IOException e) {
            return new Mail(subject, raw);
        }
    }

    private static void collectText(Part part, StringBuilder text) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            Object content = part.getContent();
            text.append(content).append('\n');
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collectText(body, text);
            }
        }
    }
}
