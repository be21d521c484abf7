package kr.seoul.sane.infra.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Watches every department inbox of the mail sink over IMAP and reports each benchmark proposal whose mail arrived.
 * Cheap for the mail sink: each inbox waits in IMAP IDLE (the sink pushes new messages), only the envelopes of the
 * new messages are fetched (never a body, never an old message), and a sweep every two seconds covers a message that
 * arrived just before IDLE began. A dropped connection is re-opened, never the end of the
 * run. A mail of this run, once counted, is deleted from the sink: the sink's work per IMAP command grows with the
 * size of the mailbox (it lists the mailbox's UIDs for each), so without that a long run would measure the sink
 * reading the benchmark's own backlog. Mails that do not carry the run's marker are left alone.
 */
final class DepartmentInboxes implements AutoCloseable {

    private static final long SWEEP_MILLIS = 2000;

    private final Session session;
    private final String host;
    private final int port;
    private final Pattern marker;
    private final IntConsumer arrived;
    private final Consumer<String> log;
    private final AtomicBoolean closed = new AtomicBoolean();
    final AtomicLong reconnects = new AtomicLong();
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
        closed.set(true);
        watchers.forEach(Watcher::closeQuietly);
    }

    private final class Watcher {

        final String address;
        private volatile Store store;
        private volatile IMAPFolder folder;
        /**
         * The messages in the folder that are not this run's (they stay): their UIDs. Every mail of this run is
         * deleted once counted, so the folder holds these and whatever arrived since the last read. (UIDs are not
         * used as a high-water mark: the sink may give two mails that arrive at once their UIDs in one order and
         * append them in the other.)
         */
        private final Set<Long> others = new HashSet<>();

        Watcher(String address) {
            this.address = address;
        }

        synchronized void open(boolean skipExisting) throws MessagingException {
            Store s = session.getStore("imap");
            s.connect(host, port, address, address);
            IMAPFolder f = (IMAPFolder) s.getFolder("INBOX");
            f.open(Folder.READ_WRITE);
            if (skipExisting) {
                others.clear();
                Message[] existing = f.getMessages();
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                f.fetch(existing, uids);
                for (Message message : existing) {
                    others.add(f.getUID(message)); // what is there before the run is not ours
                }
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

        /**
         * Reads until the folder holds only others' mails: a mail that arrives while one round is read is announced
         * in the answers to that round's own commands (not to the IDLE that follows), so it is read at once.
         */
        private void readNew() throws MessagingException {
            while (folder.getMessageCount() != others.size()) {
                readRound();
            }
        }

        private void readRound() throws MessagingException {
            IMAPFolder f = folder;
            Message[] all = f.getMessages();
            FetchProfile uids = new FetchProfile();
            uids.add(UIDFolder.FetchProfileItem.UID);
            f.fetch(all, uids);
            List<Message> unread = new ArrayList<>();
            Set<Long> present = new HashSet<>();
            for (Message message : all) {
                long uid = f.getUID(message);
                present.add(uid);
                if (!others.contains(uid)) {
                    unread.add(message);
                }
            }
            others.retainAll(present);
            Message[] fresh = unread.toArray(Message[]::new);
            FetchProfile envelope = new FetchProfile();
            envelope.add(FetchProfile.Item.ENVELOPE);
            f.fetch(fresh, envelope);
            boolean counted = false;
            for (Message message : fresh) {
                int index = index(marker, message.getSubject());
                if (index >= 0) {
                    arrived.accept(index);
                    message.setFlag(Flags.Flag.DELETED, true);
                    counted = true;
                } else {
                    others.add(f.getUID(message));
                }
            }
            if (counted) {
                f.expunge();
            }
        }

        void poke() {
            IMAPFolder f = folder;
            if (f == null) {
                return;
            }
            try {
                // a command of its own ends the IDLE (the folder's cached count may not) and brings what the
                // sink announced meanwhile
                f.doCommand(protocol -> {
                    protocol.noop();
                    return null;
                });
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
