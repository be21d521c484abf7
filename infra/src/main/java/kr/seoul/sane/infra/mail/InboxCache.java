package kr.seoul.sane.infra.mail;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivers each accepted mail into its recipient's inbox found once per recipient. GreenMail itself looks the inbox
 * up for every mail it delivers, by walking the folder of all its users one by one (a case-insensitive name
 * comparison each): a sink that has received mail for thousands of addresses spends most of a delivery in that walk
 * (under load 13 % of the sink's CPU after 12,000 proposals, more the longer it runs).
 *
 * <p>A recipient is GreenMail's user object, by identity: a user deleted through GreenMail's API and created again by
 * a later mail is a new object, and its inbox is looked up afresh. The inbox itself is the folder GreenMail's IMAP
 * and REST API read, so what they show is unchanged.
 */
final class InboxCache {

    private final ImapHostManager imap;
    private final Map<GreenMailUser, Recipient> recipients = Collections.synchronizedMap(new IdentityHashMap<>());

    InboxCache(ImapHostManager imap) {
        this.imap = imap;
    }

    /** {@code delivery}'s recipients, each delivering into its inbox found once. */
    MessageDeliveryHandler caching(MessageDeliveryHandler delivery) {
        return (message, address) -> {
            GreenMailUser user = delivery.handle(message, address);
            return user == null ? null : recipients.computeIfAbsent(user, Recipient::new);
        };
    }

    /** GreenMail's user, delivering into the inbox it looked up the first time. */
    private final class Recipient implements GreenMailUser {
        private final GreenMailUser user;
        private volatile MailFolder inbox;

        private Recipient(GreenMailUser user) {
            this.user = user;
        }

        private MailFolder inbox() throws FolderException {
            MailFolder found = inbox;
            if (found == null) {
                found = imap.getInbox(user);
                inbox = found;
            }
            return found;
        }

        @Override
        public void deliver(MovingMessage message) {
            store(message, inbox -> inbox.store(message));
        }

        @Override
        public void deliver(MimeMessage message) {
            store(message, inbox -> inbox.store(message));
        }

        /** As GreenMail's own user delivers: a failure is an unchecked exception the SMTP session answers. */
        private void store(Object message, Storing storing) {
            try {
                storing.into(inbox());
            } catch (Exception e) {
                throw new IllegalStateException("Can not deliver " + message + " for user " + user, e);
            }
        }

        @Override
        public void delete() {
            recipients.remove(user);
            user.delete();
        }

        @Override
        public String getEmail() {
            return user.getEmail();
        }

        @Override
        public String getLogin() {
            return user.getLogin();
        }

        @Override
        public void create() {
            user.create();
        }

        @Override
        public String getPassword() {
            return user.getPassword();
        }

        @Override
        public void setPassword(String password) {
            user.setPassword(password);
        }

        @Override
        public void authenticate(String password) throws UserException {
            user.authenticate(password);
        }

        @Override
        public String getQualifiedMailboxName() {
            return user.getQualifiedMailboxName();
        }
    }

    private interface Storing {
        void into(MailFolder inbox) throws Exception;
    }
}
