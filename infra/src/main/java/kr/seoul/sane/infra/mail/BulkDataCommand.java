package kr.seoul.sane.infra.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.smtp.SmtpConnection;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommand;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMailUtil;

/**
 * GreenMail's SMTP {@code DATA} command, reading the mail a buffer at a time.
 *
 * <p>GreenMail reads a mail's data one byte at a time from the connection's buffered stream and writes it one byte at
 * a time to a byte array stream, each call taking a lock: under the platform's load that was a quarter of the sink's
 * CPU. This command does the same as GreenMail's, answer for answer: the same 503 answers without sender or
 * recipients, the same 354, the same {@code Return-Path} and {@code Received} lines in front of the mail, the same
 * end of data ({@code CRLF.CRLF}, the CRLF before the dot not part of the mail), the same removal of the dot a client
 * adds to a line that starts with one, the same checks and delivery, 250 or 451. It never reads past the end of the
 * data: what follows on the connection (the next command) stays in the stream for GreenMail.
 */
final class BulkDataCommand extends SmtpCommand {

    private static final int CR_LF = 0x0d0a;
    private static final int CR_LF_DOT = 0x0d0a2e;
    private static final int CR_LF_DOT_CR = 0x0d0a2e0d;
    private static final int CHUNK = 8192;

    private final Field input;

    private BulkDataCommand() throws ReflectiveOperationException {
        input = SmtpConnection.class.getDeclaredField("in");
        input.setAccessible(true);
    }

    /** Puts this command in place of GreenMail's for every SMTP connection (its command table is shared). */
    static void install() throws ReflectiveOperationException {
        Field table = SmtpCommandRegistry.class.getDeclaredField("commands");
        table.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<String, SmtpCommand> commands = (Map<String, SmtpCommand>) table.get(null);
        commands.put("DATA", new BulkDataCommand());
    }

    @Override
    public void execute(SmtpConnection conn, SmtpState state, SmtpManager manager, String commandLine)
            throws IOException {
        MovingMessage message = state.getMessage();
        if (message.getReturnPath() == null) {
            conn.send("503 MAIL command required");
            return;
        }
        if (message.getToAddresses().isEmpty()) {
            conn.send("503 RCPT command(s) required");
            return;
        }
        conn.send("354 Start mail input; end with <CRLF>.<CRLF>");
        String received = "Return-Path: <" + withoutLineBreaks(String.valueOf(message.getReturnPath()))
                + ">\r\nReceived: from " + conn.getClientAddress() + " (HELO "
                + withoutLineBreaks(conn.getHeloName()) + "); " + new Date() + "\r\n";
        try (InputStream data = new ByteArrayInputStream(
                readData(in(conn), received.getBytes(StandardCharsets.UTF_8)))) {
            message.setMimeMessage(GreenMailUtil.newMimeMessage(data));
        }
        String refusal = manager.checkData(state);
        if (refusal != null) {
            conn.send(refusal);
            return;
        }
        try {
            manager.send(state);
            conn.send("250 OK");
        } catch (Exception e) {
            log.error("Can not send state '250 OK', aborted.", e);
            conn.send("451 Requested action aborted: local error in processing");
        }
        state.clearMessage();
    }

    private BufferedInputStream in(SmtpConnection conn) {
        try {
            return (BufferedInputStream) input.get(conn);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code prefix}, then the data up to the line holding a single dot, without the CRLF before that line and
     * without the dot a client put in front of a line starting with a dot; reads nothing after the final LF.
     */
    static byte[] readData(BufferedInputStream in, byte[] prefix) throws IOException {
        byte[] out = Arrays.copyOf(prefix, Math.max(1024, prefix.length * 2));
        int size = prefix.length;
        byte[] chunk = new byte[CHUNK];
        int last = CR_LF;
        while (true) {
            in.mark(CHUNK);
            int read = in.read(chunk, 0, CHUNK);
            if (read < 0) {
                throw new IllegalStateException("Unexpected end of stream, read " + size + " bytes: "
                        + new String(out, 0, size, StandardCharsets.UTF_8));
            }
            if (out.length - size < read) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, size + read));
            }
            for (int i = 0; i < read; i++) {
                int b = chunk[i] & 0xff;
                if (last == CR_LF_DOT_CR && b == '\n') {
                    in.reset();
                    skipFully(in, i + 1);
                    return Arrays.copyOf(out, size - 4);
                }
                if ((last & 0xffffff) != CR_LF_DOT || b != '.') {
                    out[size++] = (byte) b;
                }
                last = last << 8 | b;
            }
        }
    }

    private static void skipFully(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                throw new IOException("could not skip the data already read");
            }
            left -= skipped;
        }
    }

    private static String withoutLineBreaks(String value) {
        return value == null ? null : value.replace("\r", "").replace("\n", "");
    }
}
