package kr.seoul.sane.proposal.erasure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import kr.seoul.sane.proposal.actions.ProposalStore;
import kr.seoul.sane.proposal.intake.DuplicateDetector;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.ProposalTransitions;
import kr.seoul.sane.proposal.lifecycle.Transition;
import kr.seoul.sane.proposal.model.ErasureRequest;
import kr.seoul.sane.proposal.model.PendingEvent;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.outbox.ErasureEvents;
import kr.seoul.sane.proposal.outbox.OutboxRelay;
import kr.seoul.sane.proposal.retention.Anonymisation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The applicant's erasure of their personal data, confirmed by a code mailed to the address of the proposal.
 * <ol>
 * <li>{@link #request}: a 6-digit code from {@link SecureRandom}; the proposal keeps only its salted SHA-256, its
 * expiry (15 minutes) and an attempt counter; {@code proposal.erasure-requested} (with the address and the code
 * encrypted for notification-service only) goes out through the outbox and notification-service mails it. At most
 * 3 codes per proposal and hour.</li>
 * <li>{@link #confirm}: the right code erases contact name, e-mail, phone and the attached file
 * ({@link Anonymisation}, as the retention job does), withdraws an open proposal ({@link Action#WITHDRAW}, timeline
 * entry by the applicant) and publishes {@code proposal.status-changed} (when withdrawn) and
 * {@code proposal.personal-data-erased} in the same update. Five wrong codes void the code.</li>
 * </ol>
 * Afterwards tracking code and e-mail find nothing any more: the e-mail is gone.
 */
@Service
public class ErasureService {

    public static final Duration VALIDITY = Duration.ofMinutes(15);
    public static final int MAX_ATTEMPTS = 5;
    public static final int MAX_REQUESTS_PER_HOUR = 3;
    public static final String TIMELINE_NOTE = ProposalTransitions.ERASURE_NOTE;
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Pattern CODE = Pattern.compile("^[0-9]{6}$");
    private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
    private static final int ATTEMPTS = 3;

    private final MongoTemplate mongo;
    private final ProposalStore store;
    private final ProposalTransitions transitions;
    private final ErasureEvents erasureEvents;
    private final OutboxRelay relay;
    private final Anonymisation anonymisation;
    private final DuplicateDetector duplicates;
    private final Counter requested;
    private final Counter erased;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ErasureService(MongoTemplate mongo, ProposalStore store, ProposalTransitions transitions,
                   ErasureEvents erasureEvents, OutboxRelay relay, Anonymisation anonymisation,
                   DuplicateDetector duplicates, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.duplicates = duplicates;
        this.mongo = mongo;
        this.store = store;
        this.transitions = transitions;
        this.erasureEvents = erasureEvents;
        this.relay = relay;
        this.anonymisation = anonymisation;
        this.requested = Counter.builder("sane.proposals.erasure.requests")
                .description("Confirmation codes mailed for the applicant's erasure of their personal data")
                .register(meters);
        this.erased = Counter.builder("sane.proposals.erased")
                .description("Proposals whose personal data was erased at the applicant's request").register(meters);
    }

    /** What the applicant learns about the code that was sent. */
    public record Requested(String trackingCode, Instant expiresAt) {
    }

    /** What the confirmed erasure did. */
    public record Erased(String trackingCode, ProposalStatus previous, ProposalStatus status) {
        public boolean withdrawn() {
            return previous != status;
        }
    }

    /** Sends a new confirmation code for {@code p} (authenticated by tracking code and e-mail). */
    public Requested request(Proposal p) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ErasureRequest before = p.getErasure();
            List<Instant> recent = new ArrayList<>();
            if (before != null) {
                before.requestedAt().stream().filter(at -> at.isAfter(now.minus(WINDOW))).forEach(recent::add);
            }
            if (recent.size() >= MAX_REQUESTS_PER_HOUR) {
                Instant oldest = recent.stream().min(Instant::compareTo).orElse(now);
                long seconds = Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds() + 1);
                long minutes = (seconds + 59) / 60;
                throw new ErasureRefusal(429, null, "tooMany", minutes, "확인 코드는 한 시간에 " + MAX_REQUESTS_PER_HOUR
                        + "번까지 받을 수 있습니다. " + minutes + "분 뒤에 다시 요청해 주세요.");
            }
            String code = String.format("%06d", random.nextInt(1_000_000));
            byte[] saltBytes = new byte[16];
            random.nextBytes(saltBytes);
            String salt = Base64.getEncoder().encodeToString(saltBytes);
            Instant expiresAt = now.plus(VALIDITY);
            recent.add(now);
            ErasureRequest next = new ErasureRequest(hash(salt, p.getId(), code), salt, expiresAt, 0, recent);
            PendingEvent event = erasureEvents.requested(p, code, expiresAt, now);
            Query guard = Query.query(Criteria.where("_id").is(p.getId()).and("anonymizedAt").is(null)
                    .and("emailKey").is(p.getEmailKey()));
            guard.addCriteria(before == null ? Criteria.where("erasure").is(null)
                    : Criteria.where("erasure.expiresAt").is(before.expiresAt()));
            if (mongo.updateFirst(guard, new Update().set("erasure", next).push("pendingEvents", event),
                    Proposal.class).getModifiedCount() == 1) {
                relay.publishSoon(p.getId(), event);
                requested.increment();
                log.info("proposal {}: erasure confirmation code requested ({} in the last hour)", p.getId(),
                        recent.size());
                return new Requested(p.getTrackingCode(), expiresAt);
            }
            p = reload(p.getId());
        }
        throw busy();
    }

    /** Checks {@code code} and, when it is right, erases the personal data of {@code p}. */
    public Erased confirm(Proposal p, String code) {
        String given = code == null ? "" : code.strip();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ErasureRequest e = p.getErasure();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (e == null || e.codeHash() == null) {
                throw new ErasureRefusal(409, "code", "none", 0,
                        "아직 요청한 확인 코드가 없습니다. 먼저 ‘확인 코드 받기’를 눌러 주세요.");
            }
            if (e.attempts() >= MAX_ATTEMPTS) {
                throw voided();
            }
            if (!now.isBefore(e.expiresAt())) {
                throw new ErasureRefusal(410, "code", "expired", VALIDITY.toMinutes(), "확인 코드의 유효 시간("
                        + VALIDITY.toMinutes() + "분)이 지났습니다. 새 확인 코드를 요청해 주세요.");
            }
            if (!CODE.matcher(given).matches()) {
                throw new ErasureRefusal(400, "code", "format", 0, "확인 코드는 메일로 받은 숫자 6자리입니다.");
            }
            // the attempt is counted before the code is compared, in one atomic update: parallel guesses cannot
            // get more than MAX_ATTEMPTS comparisons between them
            Proposal counted = countAttempt(p, e);
            if (counted == null) {
                p = reload(p.getId()); // a new code was requested meanwhile, or the attempts ran out: look again
                continue;
            }
            if (!MessageDigest.isEqual(hash(e.salt(), p.getId(), given).getBytes(StandardCharsets.US_ASCII),
                    e.codeHash().getBytes(StandardCharsets.US_ASCII))) {
                throw wrongCode(p, counted.getErasure().attempts());
            }
            Erased done = erase(p, e, now);
            if (done != null) {
                return done;
            }
            p = reload(p.getId());
        }
        throw busy();
    }

    /** One more attempt on this code, if it has attempts left; null when not (or the code was replaced). */
    private Proposal countAttempt(Proposal p, ErasureRequest e) {
        Proposal counted = mongo.findAndModify(Query.query(Criteria.where("_id").is(p.getId())
                        .and("erasure.codeHash").is(e.codeHash()).and("erasure.attempts").lt(MAX_ATTEMPTS)),
                new Update().inc("erasure.attempts", 1), FindAndModifyOptions.options().returnNew(true),
                Proposal.class);
        return counted == null || counted.getErasure() == null ? null : counted;
    }

    private ErasureRefusal wrongCode(Proposal p, int attempts) {
        int left = Math.max(0, MAX_ATTEMPTS - attempts);
        log.info("proposal {}: wrong erasure confirmation code ({} attempt(s) left)", p.getId(), left);
        if (left == 0) {
            return voided();
        }
        return new ErasureRefusal(400, "code", "wrong", left,
                "확인 코드가 맞지 않습니다. 메일의 숫자 6자리를 다시 확인해 주세요. (남은 기회 " + left + "번)");
    }

    /**
     * One guarded update: personal fields, withdrawal ({@link ProposalTransitions#erased}), timeline, events. Null
     * when the proposal changed meanwhile.
     */
    private Erased erase(Proposal p, ErasureRequest e, Instant now) {
        Transition t = transitions.erased(ProposalStore.state(p), now);
        ProposalStatus previous = p.getStatus();
        ProposalStatus next = t.status() == null ? previous : t.status();
        anonymisation.removeFiles(p);
        Update personal = Anonymisation.personalFields(new Update(), now).unset("erasure");
        Criteria sameRequest = Criteria.where("anonymizedAt").is(null).and("erasure.codeHash").is(e.codeHash());
        if (!store.apply(t, sameRequest, personal, List.of(erasureEvents.erased(p, previous, next, now)))) {
            return null;
        }
        erased.increment();
        duplicates.forgetErased(p.getEmailKey(), p.getId());
        log.info("proposal {}: personal data erased at the applicant's request ({} -> {})", p.getId(), previous, next);
        return new Erased(p.getTrackingCode(), previous, next);
    }

    private Proposal reload(String id) {
        Proposal p = mongo.findById(id, Proposal.class);
        if (p == null || p.getAnonymizedAt() != null || p.getEmailKey() == null) {
            throw new ErasureRefusal(404, null, "gone", 0, kr.seoul.sane.proposal.tracking.TrackingService.NOT_FOUND);
        }
        return p;
    }

    private static ErasureRefusal voided() {
        return new ErasureRefusal(410, "code", "void", MAX_ATTEMPTS, "확인 코드가 " + MAX_ATTEMPTS
                + "번 틀려 더 이상 쓸 수 없습니다. 새 확인 코드를 요청해 주세요.");
    }

    private static ErasureRefusal busy() {
        return new ErasureRefusal(409, null, "busy", 0,
                "다른 처리가 동시에 반영되어 요청을 적용하지 못했습니다. 다시 시도해 주세요.");
    }

    static String hash(String salt, String proposalId, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((salt + "|" + proposalId + "|" + code)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
