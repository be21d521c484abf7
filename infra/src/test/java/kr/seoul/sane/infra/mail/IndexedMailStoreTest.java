package kr.seoul.sane.infra.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.imap.ImapConstants;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.Store;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * Mails over SMTP land in their recipients' inboxes as GreenMail shows them, and GreenMail's own store is asked for a
 * mailbox by name once (the users' root), not once per mail or per new address, and creates no account's folders; a recipient deleted through GreenMail
 * and written to again gets a new inbox that receives the mail; names outside ASCII are left to GreenMail.
 */
class IndexedMailStoreTest {

    @Test
    void inboxesAreFoundByNameWithoutAskingGreenMailsStoreAgain() throws Exception {
        GreenMail sink = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        sink.start();
        try {
            UserManager users = sink.getUserManager();
            ImapHostManager imap = sink.getManagers().getImapHostManager();
            AtomicInteger lookups = new AtomicInteger();
            AtomicInteger creations = new AtomicInteger();
            AtomicInteger listings = new AtomicInteger();
            Field field = imap.getClass().getDeclaredField("store");
            field.setAccessible(true);
            Store greenMails = (Store) field.get(imap);
            InvocationHandler counting = (proxy, method, args) -> {
                if (method.getName().equals("getMailbox") && args.length == 1) {
                    lookups.incrementAndGet();
                }
                if (method.getName().equals("createMailbox")) {
                    creations.incrementAndGet();
                }
                if (method.getName().equals("getChildren")) {
                    listings.incrementAndGet();
                }
                try {
                    return method.invoke(greenMails, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            field.set(imap, Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Store.class},
                    counting));
            IndexedMailStore index = IndexedMailStore.install(imap);

            for (int i = 0; i < 3; i++) {
                send(sink, "dept@dept.seoul.example", "부서 메일 " + i);
                send(sink, "applicant@example.org", "접수 안내 " + i);
            }
            assertThat(lookups).as("only the users' root, once").hasValue(1);
            assertThat(creations).as("two accounts of two folders each, none created by GreenMail's store").hasValue(0);
            assertThat(listings).as("the users' root and each new account listed once").hasValue(3);
            assertThat(count(sink, "dept@dept.seoul.example")).isEqualTo(3);
            assertThat(count(sink, "applicant@example.org")).isEqualTo(3);
            assertThat(sink.getReceivedMessages()).hasSize(6);
            assertThat(lookups).hasValue(1);

            users.deleteUser(users.getUserByEmail("applicant@example.org"));
            assertThat(index.indexed()).as("a deletion empties the index").isZero();
            send(sink, "applicant@example.org", "삭제 후 메일");
            assertThat(count(sink, "applicant@example.org")).isEqualTo(1);
            assertThat(sink.getReceivedMessagesForDomain("example.org")[0].getSubject()).isEqualTo("삭제 후 메일");
            assertThat(count(sink, "dept@dept.seoul.example")).as("other inboxes found again").isEqualTo(3);

            MailFolder root = index.getMailbox(ImapConstants.USER_NAMESPACE);
            int before = index.indexed();
            MailFolder korean = index.createMailbox(root, "받은편지함", true);
            assertThat(index.getMailbox(ImapConstants.USER_NAMESPACE + ".받은편지함")).isSameAs(korean);
            assertThat(index.indexed()).as("a name outside ASCII is left to GreenMail").isEqualTo(before);
            assertThatThrownBy(() -> index.createMailbox(root, "받은편지함", true))
                    .as("an existing name gets GreenMail's own answer").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> index.createMailbox(root, "a.b", true)).isInstanceOf(FolderException.class);
            assertThat(imap.getStore().getChildren(root)).filteredOn(f -> f.getName().equals("받은편지함")).hasSize(1);
        } finally {
            sink.stop();
        }
    }

    private static int count(GreenMail sink, String address) throws Exception {
        GreenMailUser user = sink.getUserManager().getUserByEmail(address);
        return sink.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    private static void send(GreenMail sink, String to, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(sink.getSmtp().getPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(props));
        mail.setFrom(new InternetAddress("no-reply@sane.seoul.example"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        mail.setSubject(subject, "UTF-8");
        mail.setText("본문", "UTF-8");
        Transport.send(mail);
    }
}
