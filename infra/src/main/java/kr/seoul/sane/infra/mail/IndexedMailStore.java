package kr.seoul.sane.infra.mail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.icegreen.greenmail.imap.ImapConstants;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.Store;
import jakarta.mail.Quota;

/**
 * GreenMail's mailbox store with its mailboxes found by name in one hash lookup and new ones created without walking
 * their siblings.
 *
 * <p>GreenMail keeps every user's mailboxes as children of one folder in a copy-on-write list. It finds a mailbox by
 * walking that list with a case-insensitive name comparison, once for every delivered mail (the recipient's inbox),
 * and it walks the list once more, comparing names, before it adds a new address's account. The platform's
 * applicants are nearly all new addresses, so these walks grew with the run: after 12,000 proposals (over 24,000
 * addresses) a third of the sink's CPU.
 *
 * <p>This store answers a name it has seen from its index and leaves every other question to GreenMail's store, which
 * holds every folder: IMAP, the REST API and the arrival log see what they saw before. A name is indexed when
 * GreenMail's store found it or when it was created. Deleting or renaming any mailbox empties the index (it refills on
 * the next lookups), and a lookup that overlapped such a change indexes nothing, so a deleted user's inbox is never
 * answered from it. Names outside ASCII are not indexed (GreenMail compares them case-insensitively character by
 * character, which lower-casing the whole name does not always match).
 */
final class IndexedMailStore implements Store {

    private final Store folders;
    private final Map<String, MailFolder> byName = new ConcurrentHashMap<>();
    /** Per parent folder, by identity: the names of its children since this store first created one there. */
    private final Map<MailFolder, Set<String>> childNames = new IdentityHashMap<>();
    /** Bumped before and after a mailbox is deleted or renamed: a lookup that overlapped that indexes nothing. */
    private long generation;

    IndexedMailStore(Store folders) {
        this.folders = folders;
    }

    /**
     * Puts an index in front of the store of GreenMail's IMAP host manager (the one its SMTP delivery, IMAP and REST
     * API share). GreenMail takes its store only in the manager's constructor, which its servers call themselves.
     *
     * @return the store now in place
     */
    static IndexedMailStore install(ImapHostManager imap) throws ReflectiveOperationException {
        Field store = imap.getClass().getDeclaredField("store");
        store.setAccessible(true);
        IndexedMailStore indexed = new IndexedMailStore((Store) store.get(imap));
        store.set(imap, indexed);
        return indexed;
    }

    /** How many names the index holds (tests). */
    int indexed() {
        return byName.size();
    }

    @Override
    public MailFolder getMailbox(String absoluteMailboxName) {
        String key = key(absoluteMailboxName);
        MailFolder folder = key == null ? null : byName.get(key);
        if (folder == null) {
            long seen = generation();
            folder = folders.getMailbox(absoluteMailboxName);
            remember(key, folder, seen);
        }
        return folder;
    }

    @Override
    public MailFolder getMailbox(MailFolder parent, String mailboxName) {
        return folders.getMailbox(parent, mailboxName);
    }

    @Override
    public Collection<MailFolder> getChildren(MailFolder parent) {
        return folders.getChildren(parent);
    }

    /**
     * GreenMail's store checks that the parent has no child of that name by walking all its children (for the users'
     * root: every user) and then copies the parent's copy-on-write list of children. This store keeps each parent's
     * child names from the first creation under it and creates a new folder itself, as GreenMail's store does; a
     * name that exists, or one GreenMail refuses, still goes to GreenMail's store for its own answer.
     */
    @Override
    public synchronized MailFolder createMailbox(MailFolder parent, String mailboxName, boolean selectable)
            throws FolderException {
        long seen = generation;
        Set<String> names = childNames.computeIfAbsent(parent, this::childNamesOf);
        MailFolder created;
        if (mailboxName.indexOf(ImapConstants.HIERARCHY_DELIMITER_CHAR) >= 0 || names.contains(mailboxName)) {
            created = folders.createMailbox(parent, mailboxName, selectable);
        } else {
            created = NEW_FOLDER.under(parent, mailboxName);
            folders.setSelectable(created, selectable);
        }
        names.add(mailboxName);
        remember(key(created.getFullName()), created, seen);
        return created;
    }

    private Set<String> childNamesOf(MailFolder parent) {
        Set<String> names = new HashSet<>();
        folders.getChildren(parent).forEach(child -> names.add(child.getName()));
        return names;
    }

    @Override
    public MailFolder setSelectable(MailFolder folder, boolean selectable) {
        return folders.setSelectable(folder, selectable);
    }

    @Override
    public void deleteMailbox(MailFolder folder) throws FolderException {
        forget();
        try {
            folders.deleteMailbox(folder);
        } finally {
            forget();
        }
    }

    @Override
    public void renameMailbox(MailFolder existingFolder, String newName) throws FolderException {
        forget();
        try {
            folders.renameMailbox(existingFolder, newName);
        } finally {
            forget();
        }
    }

    @Override
    public Collection<MailFolder> listMailboxes(String searchPattern) throws FolderException {
        return folders.listMailboxes(searchPattern);
    }

    @Override
    public Quota[] getQuota(String root, String qualifiedRootPrefix, boolean quotaSupported) {
        return folders.getQuota(root, qualifiedRootPrefix, quotaSupported);
    }

    @Override
    public void setQuota(Quota quota, String qualifiedRootPrefix) {
        folders.setQuota(quota, qualifiedRootPrefix);
    }

    @Override
    public void deleteQuota(String qualifiedRootPrefix) {
        folders.deleteQuota(qualifiedRootPrefix);
    }

    @Override
    public boolean isQuotaSupported() {
        return folders.isQuotaSupported();
    }

    @Override
    public void setQuotaSupported(boolean quotaSupported) {
        folders.setQuotaSupported(quotaSupported);
    }

    private synchronized long generation() {
        return generation;
    }

    private synchronized void remember(String key, MailFolder folder, long seen) {
        if (key != null && folder != null && seen == generation) {
            byName.put(key, folder);
        }
    }

    private synchronized void forget() {
        generation++;
        byName.clear();
        childNames.clear();
    }

    /** GreenMail's own folder class: its constructor and its live list of children are not public. */
    private static final FolderFactory NEW_FOLDER = new FolderFactory();

    private static final class FolderFactory {
        private final Constructor<?> constructor;
        private final Method children;

        private FolderFactory() {
            try {
                Class<?> folder = Class.forName("com.icegreen.greenmail.store.HierarchicalFolder");
                constructor = folder.getDeclaredConstructor(folder, String.class);
                constructor.setAccessible(true);
                children = folder.getDeclaredMethod("getChildren");
                children.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** A new child of {@code parent}, added to its children as GreenMail's store adds one. */
        @SuppressWarnings("unchecked")
        MailFolder under(MailFolder parent, String name) {
            try {
                MailFolder child = (MailFolder) constructor.newInstance(parent, name);
                ((Collection<Object>) children.invoke(parent)).add(child);
                return child;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("GreenMail's folder " + name + " could not be created", e);
            }
        }
    }

    /** The name as GreenMail compares it (case-insensitively), or null for a name outside ASCII. */
    private static String key(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return null;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
