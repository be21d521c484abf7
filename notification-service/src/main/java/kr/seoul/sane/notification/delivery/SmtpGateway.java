package kr.seoul.sane.notification.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.mail.MailComposer;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The only way out to SMTP: builds the MIME message and sends it through a short in-process retry and the
 * {@code smtp} circuit breaker. Every failure becomes a {@link TransientMailFailure} (try again later; counts
 * against the circuit) or a {@link PermanentMailFailure} (never retried; does not open the circuit).
 */
@Component
public class SmtpGateway {

    static {
        // Jakarta Mail looks its stream provider up through the ServiceLoader each time it encodes a header or a
        // body part, which scans every jar on the class path; naming the provider (Angus Mail's) skips the scan
        String provider = "jakarta.mail.util.StreamProvider";
        if (System.getProperty(provider) == null) {
            System.setProperty(provider, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private static final Pattern NAMED_ADDRESS = Pattern.compile("^(.*)<([^>]+)>$");
    private static final Pattern ANY_ADDRESS = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"'@]+");

    private final JavaMailSenderImpl sender;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final InternetAddress from;
    private final Counter connectionsOpened;
    /** The mails' {@code Date} header. */
    private final Clock clock;

    public SmtpGateway(JavaMailSenderImpl sender, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                       NotificationProperties properties, MeterRegistry meters, Clock clock) {
        this.sender = sender;
        this.clock = clock;
        this.connectionsOpened = Counter.builder("sane.mail.smtp.connections")
                .description("SMTP connections opened for sending (each sender reuses its own while busy)")
                .register(meters);
        this.circuitBreaker = circuitBreakers.circuitBreaker("smtp");
        this.retry = retries.retry("smtp");
        try {
            var named = NAMED_ADDRESS.matcher(properties.from().strip());
            this.from = named.matches()
                    ? new InternetAddress(named.group(2).strip(), named.group(1).strip(), "UTF-8")
                    : new InternetAddress(properties.from().strip(), true);
            this.from.validate();
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException("sane.notification.from is not a valid address", e);
        }
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** Sends the delivery's mail; throws {@link TransientMailFailure}, {@link PermanentMailFailure} or
     * {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException} (circuit open, nothing tried). */
    public void send(Delivery delivery) {
        MimeMessage message = build(delivery);
        Runnable guarded = CircuitBreaker.decorateRunnable(circuitBreaker, () -> transmit(message));
        Retry.decorateRunnable(retry, guarded).run();
    }

    /** A connection check through the circuit breaker, used to probe a half-open circuit. */
    public void probe() {
        circuitBreaker.executeRunnable(() -> {
            try {
                sender.testConnection();
            } catch (MessagingException e) {
                throw new TransientMailFailure("SMTP 서버에 연결할 수 없습니다: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Sends over this sender thread's open SMTP connection (one connect + EHLO saved per mail); a connection idle
     * longer than {@link #IDLE_NANOS} or broken is replaced by a fresh one at once. A server's answer to the mail
     * (a {@link SendFailedException}) is classified as it is, never retried on another connection here.
     */
    private void transmit(MimeMessage message) {
        Connection reused = connections.get();
        if (reused != null) {
            connections.remove();
            if (System.nanoTime() - reused.lastUsed <= IDLE_NANOS) {
                try {
                    reused.send(message);
                    connections.set(reused);
                    return;
                } catch (MessagingException e) {
                    reused.close();
                    if (e instanceof SendFailedException) {
                        throw classify(new MailSendException(Map.of(message, e)));
                    }
                    // a connection the server dropped: try once on a fresh one
                }
            } else {
                reused.close();
            }
        }
        Connection fresh = connect();
        try {
            fresh.send(message);
            connections.set(fresh);
        } catch (MessagingException e) {
            fresh.close();
            throw classify(new MailSendException(Map.of(message, e)));
        }
    }

    private Connection connect() {
        try {
            Transport transport = sender.getSession().getTransport(
                    sender.getProtocol() != null ? sender.getProtocol() : "smtp");
            transport.connect(sender.getHost(), sender.getPort(), blankToNull(sender.getUsername()),
                    blankToNull(sender.getPassword()));
            connectionsOpened.increment();
            Connection connection = new Connection(transport);
            open.add(connection);
            return connection;
        } catch (AuthenticationFailedException e) {
            throw classify(new MailAuthenticationException(e));
        } catch (MessagingException e) {
            throw classify(new MailSendException("Mail server connection failed", e));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @PreDestroy
    void closeConnections() {
        open.forEach(Connection::close);
    }

    private static final long IDLE_NANOS = Duration.ofSeconds(20).toNanos();
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    /** An open SMTP connection of one sender thread. */
    private final class Connection {
        private final Transport transport;
        private volatile long lastUsed = System.nanoTime();

        Connection(Transport transport) {
            this.transport = transport;
        }

        void send(MimeMessage message) throws MessagingException {
            transport.sendMessage(message, message.getAllRecipients());
            lastUsed = System.nanoTime();
        }

        void close() {
            open.remove(this);
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // already gone
            }
        }
    }

    private MimeMessage build(Delivery delivery) {
        return MimeMails.build(sender.getSession(), from, delivery, clock);
    }

    /** Validates one address strictly (no lists, no header tricks). */
    static InternetAddress address(String value) {
        if (value == null || !ADDRESS.matcher(value).matches() || value.length() > 254
                || !MailComposer.headerSafe(value).equals(value)) {
            throw new PermanentMailFailure("올바르지 않은 메일 주소입니다");
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new PermanentMailFailure("올바르지 않은 메일 주소입니다", e);
        }
    }

    static RuntimeException classify(MailException e) {
        if (e instanceof MailParseException || e instanceof MailPreparationException) {
            return new PermanentMailFailure("메일을 만들 수 없습니다: " + e.getMessage(), e);
        }
        if (e instanceof MailAuthenticationException) {
            return new TransientMailFailure("SMTP 인증에 실패했습니다", e);
        }
        if (e instanceof MailSendException send) {
            for (Exception failed : send.getFailedMessages().values()) {
                Integer code = smtpCode(failed);
                if (code != null && code >= 500) {
                    return new PermanentMailFailure("SMTP 서버가 메일을 거부했습니다 (" + code + ")", e);
                }
                if (code == null && failed instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                        && sfe.getInvalidAddresses().length > 0) {
                    return new PermanentMailFailure("받는 주소가 거부되었습니다", e);
                }
            }
        }
        return new TransientMailFailure("SMTP 서버에 보낼 수 없습니다: " + rootMessage(e), e);
    }

    private static Integer smtpCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
                Integer nested = smtpCode(m.getNextException());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        // error texts travel in events and logs: no addresses in them
        message = ANY_ADDRESS.matcher(message).replaceAll("<address>");
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
