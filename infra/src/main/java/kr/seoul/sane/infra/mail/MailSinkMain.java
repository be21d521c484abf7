package kr.seoul.sane.infra.mail;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;

import com.icegreen.greenmail.standalone.GreenMailStandaloneRunner;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;

/**
 * The local mail sink: GreenMail standalone (SMTP, IMAP and its REST API, configured by the same
 * {@code greenmail.*} system properties) plus an arrival log that tells which mail reached which address and when,
 * in the order the sink accepted them ({@code GET /arrivals?from=N} on {@code -Dsink.arrivals.port}, see
 * {@link ArrivalLog}). A client that watches a whole benchmark run reads that log instead of fetching envelopes over
 * IMAP: GreenMail answers every IMAP FETCH by walking the whole mailbox once per message, so watching a mailbox that
 * grows costs the sink quadratic work. A recipient's inbox is found by name in one hash lookup ({@link IndexedMailStore}),
 * not by walking every user's folder, and a mail's data is read a buffer at a time ({@link BulkDataCommand}).
 */
public final class MailSinkMain {

    private MailSinkMain() {
    }

    public static void main(String[] args) throws Exception {
        BulkDataCommand.install(); // before any SMTP connection reads GreenMail's command table
        GreenMailStandaloneRunner runner = new GreenMailStandaloneRunner();
        runner.doRun(System.getProperties());
        GreenMail greenMail = greenMail(runner);
        UserManager users = greenMail.getUserManager();
        ArrivalLog log = new ArrivalLog(ArrivalLog.DEFAULT_CAPACITY, System::currentTimeMillis);
        IndexedMailStore.install(greenMail.getManagers().getImapHostManager());
        users.setMessageDeliveryHandler(log.recording(users.getMessageDeliveryHandler()));
        String host = System.getProperty("greenmail.api.hostname", "127.0.0.1");
        int port = Integer.getInteger("sink.arrivals.port", 8026);
        log.serve(new InetSocketAddress(host, port));
    }

    /** The runner keeps its server to itself; the delivery hook needs its user manager. */
    private static GreenMail greenMail(GreenMailStandaloneRunner runner) throws ReflectiveOperationException {
        Method getter = GreenMailStandaloneRunner.class.getDeclaredMethod("getGreenMail");
        getter.setAccessible(true);
        return (GreenMail) getter.invoke(runner);
    }
}
