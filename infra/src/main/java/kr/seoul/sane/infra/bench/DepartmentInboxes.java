package kr.seoul.sane.infra.bench;

import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Watches every department inbox of a mail sink over IMAP (a sink without an arrival log, see {@link SinkArrivals}) and reports each benchmark proposal whose mail arrived.
 * Cheap for the mail sink: each inbox waits in IMAP IDLE (the sink pushes new messages), only the envelopes of the
 * new messages are fetched (never a body, never an old message), and a sweep every two seconds covers a message that
 * arrived just before IDLE began. A dropped connection is re-opened where it stopped, never the end of the run.
 */
final class DepartmentInboxes extends MailWatch {

    private static final long SWEEP_MILLIS = 2000;

    private final Session session;
    private final String host;
    private final int port;
    private final Pattern marker;
    private final IntConsumer arrived;
    private final Consumer<String> log;
    private final List<Watcher> watchers;

    DepartmentInboxes(String host, int port, List<String> addresses, String runId, IntConsumer arrived,
                      Consumer<String> log) {
        this.host = host;
        this.port = port;
        this.marker = marker(runId);
        this.arrived = arrived;
        this.log = log;
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.fetchsize", "16384");
        this.session = Session.getInstance(props);
        this.watchers = addresses.stream().map(Watcher::new).toList();
    }

    static Pattern marker(String runId) {
        return Pattern.compile("\\[" + Pattern.quote(runId) + "-(\\d+)]");
    }

    /** The proposal index in a subject carrying the run's marker, or -1. */
    static int index(Pattern marker, String subject) {
        if (subject == null) {
            return -1;
        }
        Matcher matcher = marker.matcher(subject);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** Connects every inbox (what is in them now is not ours) and starts watching. */
    @Override
    void start() throws MessagingException {
        for (Watcher watcher : watchers) {
            watcher.open(true);
        }
        for (Watcher watcher : watchers) {
            Thread.ofPlatform().daemon().name("imap-" + watcher.address).start(watcher::watch);
        }
        Thread.ofPlatform().daemon().name("imap-sweep").start(() -> {
            while (!closed.get()) {
                try {
                    Thread.sleep(SWEEP_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                // any use of a folder ends its IDLE; the watcher then reads what is new and idles again
                watchers.forEach(Watcher::poke);
            }
        });
        log.accept("watching " + watchers.size() + " department inboxes over IMAP " + host + ":" + port
                + " (IDLE, envelopes of new messages only)");
    }

    @Override
    public void close() {
        super.close();
        watchers.forEach(Watcher::closeQuietly);
    }

    private final class Watcher {

        final String address;
        private volatile Store store;
        private volatile IMAPFolder folder;
        private int seen;

        Watcher(String address) {
            this.address = address;
        }

        synchronized void open(boolean skipExisting) throws MessagingException {
            Store s = session.getStore("imap");
            s.connect(host, port, address, address);
            IMAPFolder f = (IMAPFolder) s.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            int count = f.getMessageCount();
            if (skipExisting || count < seen) {
                seen = count;
            }
            store = s;
            folder = f;
        }

        void watch() {
            while (!closed.get()) {
                try {
                    readNew();
                    folder.idle(true);
                } catch (Exception e) {
                    if (closed.get()) {
                        return;
                    }
                    reconnect(e);
                }
            }
        }

        private void readNew() throws MessagingException {
            IMAPFolder f = folder;
            int count = f.getMessageCount();
            if (count <= seen) {
                return;
            }
            Message[] messages = f.getMessages(seen + 1, count);
            FetchProfile envelope = new FetchProfile();
            envelope.add(FetchProfile.Item.ENVELOPE);
            f.fetch(messages, envelope);
            for (Message message : messages) {
                int index = index(marker, message.getSubject());
                if (index >= 0) {
                    arrived.accept(index);
                }
            }
            seen = count;
        }

        void poke() {
            IMAPFolder f = folder;
            if (f == null) {
                return;
            }
            try {
                f.getMessageCount();
            } catch (Exception e) {
                // the watcher notices the broken connection itself
            }
        }

        private void reconnect(Exception cause) {
            reconnects.incrementAndGet();
            log.accept("IMAP " + address + ": " + cause + "; re-opening");
            closeQuietly();
            long backoff = 200;
            while (!closed.get()) {
                try {
                    open(false);
                    return;
                } catch (MessagingException e) {
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(5000, backoff * 2);
                }
            }
        }

        void closeQuietly() {
            try {
                Store s = store;
                if (s != null) {
                    s.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
