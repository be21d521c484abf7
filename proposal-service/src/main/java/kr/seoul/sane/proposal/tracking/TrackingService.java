package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.proposal.department.SupportingView;
import kr.seoul.sane.proposal.intake.TrackingCodes;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.Suggestions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** 진행상황 조회: a proposal is shown only to someone who knows both its tracking code and its e-mail. */
@Service
public class TrackingService {

    /** The one answer for an unknown tracking code and a wrong e-mail alike. */
    public static final String NOT_FOUND = "접수번호와 이메일이 일치하는 제안을 찾을 수 없습니다. 두 값을 다시 확인해 주세요.";
    private static final Pattern CODE = Pattern.compile("^[A-Z0-9-]{8,40}$");
    /** Compared against when the code is unknown, so both failures take the same time. */
    private static final byte[] DUMMY = sha256("nobody@invalid.example");

    private final MongoTemplate mongo;

    TrackingService(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<TrackingView> find(String trackingCode, String email) {
        return authenticate(trackingCode, email).map(TrackingService::view);
    }

    /** The proposal whose tracking code and e-mail both match; the same empty answer for either mismatch. */
    public Optional<Proposal> authenticate(String trackingCode, String email) {
        String code = TrackingCodes.normalise(trackingCode);
        byte[] given = sha256(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        Proposal p = CODE.matcher(code).matches()
                ? mongo.findOne(Query.query(Criteria.where("trackingCode").is(code)), Proposal.class)
                : null;
        // an anonymised proposal (retention) has no e-mail left: nobody can open it any more
        boolean anonymous = p == null || p.getEmailKey() == null;
        byte[] expected = anonymous ? DUMMY : sha256(p.getEmailKey());
        boolean match = MessageDigest.isEqual(given, expected);
        if (anonymous || !match) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    public static TrackingView view(Proposal p) {
        Suggestions s = p.getSuggestions() == null ? Suggestions.NONE : p.getSuggestions();
        return new TrackingView(p.getTrackingCode(), p.getTitle(), p.getOrganization(),
                p.getSubmittedAt(), p.getStatus().name(), p.getDepartmentCode(), p.getDepartmentName(),
                SupportingView.names(p), p.getTimeline() == null ? List.of()
                        : p.getTimeline().stream().filter(t -> !t.opsOnly()).toList(), s);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
