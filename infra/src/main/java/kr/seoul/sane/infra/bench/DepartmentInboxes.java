package kr.seoul.sane.infra.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Watches every department inbox of the mail sink over IMAP and notes when the mail of each benchmark proposal
 * arrives (only new messages are read on each pass, so the cost does not grow with the inbox).
 */
final class DepartmentInboxes implements AutoCloseable {

    private record Inbox(String address, Store store, Folder folder, int[] seen) {
    }

    private final List<Inbox> inboxes = new ArrayList<>();
    private final Pattern marker;
    private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<Integer, String> departments = new ConcurrentHashMap<>();

    DepartmentInboxes(String host, int port, List<String> addresses, String runId, Consumer<String> log)
            throws MessagingException {
        this.marker = Pattern.compile("\\[" + Pattern.quote(runId) + "-(\\d+)]");
        Properties props = new Properties();
        props.put("mail.imap.host", host);
        props.put("mail.imap.port", Integer.toString(port));
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "30000");
        Session session = Session.getInstance(props);
        for (String address : addresses) {
            Store store = session.getStore("imap");
            store.connect(host, port, address, address);
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            // mails already in the inbox before this run are not ours
            inboxes.add(new Inbox(address, store, folder, new int[] {folder.getMessageCount()}));
        }
        log.accept("watching " + inboxes.size() + " department inboxes over IMAP " + host + ":" + port);
    }

    /** Reads what arrived since the last pass; returns how many benchmark mails were new. */
    int poll() throws MessagingException, IOException {
        int found = 0;
        for (Inbox inbox : inboxes) {
            int count = inbox.folder().getMessageCount();
            if (count <= inbox.seen()[0]) {
                continue;
            }
            long now = System.nanoTime();
            Message[] messages = inbox.folder().getMessages(inbox.seen()[0] + 1, count);
            for (Message message : messages) {
                Integer index = proposalIndex(message);
                if (index != null && arrivals.putIfAbsent(index, now) == null) {
                    departments.put(index, inbox.address());
                    found++;
                }
            }
            inbox.seen()[0] = count;
        }
        return found;
    }

    Map<Integer, Long> arrivals() {
        return arrivals;
    }

    Map<Integer, String> departments() {
        return departments;
    }

    private Integer proposalIndex(Message message) throws MessagingException, IOException {
        String subject = message.getSubject();
        Integer index = find(subject);
        if (index != null) {
            return index;
        }
        StringBuilder text = new StringBuilder();
        collectText(message, text);
        return find(text.toString());
    }

    private Integer find(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = marker.matcher(text);
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    private static void collectText(Part part, StringBuilder text) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            text.append(part.getContent()).append('\n');
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collectText(multipart.getBodyPart(i), text);
            }
        }
    }

    @Override
    public void close() {
        for (Inbox inbox : inboxes) {
            try {
                inbox.folder().close(false);
                inbox.store().close();
            } catch (MessagingException e) {
                // closing anyway
            }
        }
    }
}
