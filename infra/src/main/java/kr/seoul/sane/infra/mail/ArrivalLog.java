package kr.seoul.sane.infra.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;

/**
 * What the mail sink accepted, one entry per recipient in the order of delivery: a sequence number, the time, the
 * address and the decoded subject. The newest {@code capacity} entries are kept (a ring); a reader asks for the
 * entries from a sequence number on and sees a gap in the numbers if it fell more than a ring behind.
 *
 * <p>Served as {@code GET /arrivals?from=N}: {@code text/plain}, one entry per line,
 * {@code seq TAB epochMillis TAB address TAB subject} (control characters of the subject become spaces), and the
 * header {@code X-Next-Arrival} with the number to ask from next time.
 */
public final class ArrivalLog {

    public static final int DEFAULT_CAPACITY = 1 << 20;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_LINES_PER_ANSWER = 20_000;

    private final long[] times;
    private final String[] addresses;
    private final String[] subjects;
    private final LongSupplier clock;
    private long next;

    public ArrivalLog(int capacity, LongSupplier clock) {
        this.times = new long[capacity];
        this.addresses = new String[capacity];
        this.subjects = new String[capacity];
        this.clock = clock;
    }

    public synchronized void record(String address, String subject) {
        int slot = (int) (next % times.length);
        times[slot] = clock.getAsLong();
        addresses[slot] = address;
        subjects[slot] = subject == null ? "" : CONTROL.matcher(subject).replaceAll(" ");
        next++;
    }

    /** The entries from {@code from} on (at most a bounded number per answer), one line each. */
    public synchronized Page read(long from) {
        long start = Math.max(Math.max(from, 0), next - times.length);
        long end = Math.min(next, start + MAX_LINES_PER_ANSWER);
        StringBuilder text = new StringBuilder();
        for (long seq = start; seq < end; seq++) {
            int slot = (int) (seq % times.length);
            text.append(seq).append('\t').append(times[slot]).append('\t').append(addresses[slot]).append('\t')
                    .append(subjects[slot]).append('\n');
        }
        return new Page(text.toString(), end);
    }

    public record Page(String lines, long next) {
    }

    /** Wraps the sink's delivery: whatever the sink delivers to a recipient is recorded once it is accepted. */
    public MessageDeliveryHandler recording(MessageDeliveryHandler delivery) {
        return (message, address) -> {
            var user = delivery.handle(message, address);
            record(address.getEmail(), subject(message.getMessage()));
            return user;
        };
    }

    private static String subject(jakarta.mail.internet.MimeMessage message) {
        try {
            return message == null ? "" : message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    public HttpServer serve(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/arrivals", this::answer);
        server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("arrivals").factory()));
        server.start();
        return server;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            long from;
            try {
                from = from(exchange.getRequestURI());
            } catch (NumberFormatException e) {
                byte[] body = "from must be a whole number\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            Page page = read(from);
            byte[] body = page.lines().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Next-Arrival", Long.toString(page.next()));
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    static long from(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return 0;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("from=")) {
                return Long.parseLong(pair.substring(5));
            }
        }
        return 0;
    }
}
