package kr.seoul.sane.infra.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.imap.ImapHostManager;
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
 * Mails over SMTP land in their recipients' inboxes as GreenMail shows them, each inbox looked up once per
 * recipient; a recipient deleted through GreenMail and written to again gets a new inbox that receives the mail.
 */
class InboxCacheTest {

    @Test
    void eachRecipientsInboxIsLookedUpOnceAndShowsEveryMail() throws Exception {
        GreenMail sink = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        sink.start();
        try {
            UserManager users = sink.getUserManager();
            ImapHostManager imap = sink.getManagers().getImapHostManager();
            AtomicInteger lookups = new AtomicInteger();
            InvocationHandler counting = (proxy, method, args) -> {
                if (method.getName().equals("getInbox")) {
                    lookups.incrementAndGet();
                }
                try {
                    return method.invoke(imap, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            InboxCache inboxes = new InboxCache((ImapHostManager) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ImapHostManager.class}, counting));
            users.setMessageDeliveryHandler(inboxes.caching(users.getMessageDeliveryHandler()));

            for (int i = 0; i < 3; i++) {
                send(sink, "dept@dept.seoul.example", "부서 메일 " + i);
                send(sink, "applicant@example.org", "접수 안내 " + i);
            }
            assertThat(lookups).hasValue(2);
            assertThat(count(sink, "dept@dept.seoul.example")).isEqualTo(3);
            assertThat(count(sink, "applicant@example.org")).isEqualTo(3);
            assertThat(sink.getReceivedMessages()).hasSize(6);

            users.deleteUser(users.getUserByEmail("applicant@example.org"));
            send(sink, "applicant@example.org", "삭제 후 메일");
            assertThat(lookups).as("a new user, a new inbox").hasValue(3);
            assertThat(count(sink, "applicant@example.org")).isEqualTo(1);
            assertThat(sink.getReceivedMessagesForDomain("example.org")[0].getSubject()).isEqualTo("삭제 후 메일");
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
