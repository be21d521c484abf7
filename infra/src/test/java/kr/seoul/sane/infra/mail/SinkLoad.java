package kr.seoul.sane.infra.mail;

import kr.seoul.sane.infra.bench.PlatformCpu;
import java.io.File;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Load driver for the mail sink (not a test): starts {@link MailSinkMain} in its own JVM, sends it the platform's mail
 * pattern and prints the sink process's CPU per proposal. A proposal is three mails (the applicant's receipt and
 * "routed" mail to a new address, one mail to one of 33 department addresses), multipart text and HTML in base64,
 * sent over {@code connections} persistent SMTP connections (notification-service keeps 16).
 *
 * <p>Run: {@code java -cp <test classpath> kr.seoul.sane.infra.mail.SinkLoad [proposals] [connections]};
 * {@code SINK_JVM_FLAGS} sets the sink JVM's flags (default those of the platform: {@code -Xmx1536m -Xss512k
 * -XX:+UseSerialGC}).
 */
public final class SinkLoad {

    private static final int SMTP_PORT = 3525;

    private SinkLoad() {
    }

    public static void main(String[] args) throws Exception {
        int proposals = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(System.getenv().getOrDefault("SINK_JVM_FLAGS", "-Xmx1536m -Xss512k -XX:+UseSerialGC")
                .split(" ")));
        command.addAll(List.of("-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + SMTP_PORT,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=3825",
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=3143", "-Dgreenmail.auth.disabled",
                "-Dsink.arrivals.port=3826", "-cp", System.getProperty("java.class.path"),
                MailSinkMain.class.getName()));
        Process sink = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(File.createTempFile("sink-load", ".log")).start();
        try {
            awaitSmtp();
            double before = PlatformCpu.processCpuMs(sink.pid()) / 1000;
            long start = System.nanoTime();
            send(proposals, connections);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = PlatformCpu.processCpuMs(sink.pid()) / 1000 - before;
            System.out.printf("%d proposals (%d mails) over %d connections in %.1f s: the sink used %.2f s of CPU,"
                    + " %.3f ms per proposal%n", proposals, proposals * 3, connections, seconds, cpu,
                    cpu * 1000 / proposals);
        } finally {
            sink.destroy();
            sink.waitFor();
        }
    }

    private static void send(int proposals, int connections) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(SMTP_PORT));
        Session session = Session.getInstance(props);
        String text = "서울시 사회공헌 협력 제안이 접수되었습니다. 담당 부서에서 검토한 뒤 연락드립니다.\n".repeat(40);
        String html = "<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>";
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                senders.add(pool.submit(() -> {
                    try (Transport transport = session.getTransport("smtp")) {
                        transport.connect();
                        for (int i; (i = next.getAndIncrement()) < proposals; ) {
                            String applicant = "applicant" + i + "@example.org";
                            for (String to : List.of(applicant, "dept" + i % 33 + "@dept.seoul.example", applicant)) {
                                MimeMessage mail = mail(session, to, "[서울사네] 제안 " + i, text, html);
                                transport.sendMessage(mail, mail.getAllRecipients());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static MimeMessage mail(Session session, String to, String subject, String text, String html)
            throws Exception {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress("no-reply@sane.seoul.example"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        mail.setSubject(subject, "UTF-8");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8");
        plain.setHeader("Content-Transfer-Encoding", "base64");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=UTF-8");
        rich.setHeader("Content-Transfer-Encoding", "base64");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        mail.setContent(alternative);
        mail.saveChanges();
        return mail;
    }

    private static void awaitSmtp() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket("127.0.0.1", SMTP_PORT)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the sink did not open SMTP port " + SMTP_PORT + " within 30 s");
    }

}
