package kr.seoul.sane.catalog.drafts;

import kr.seoul.sane.catalog.cases.CaseRepository;
import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.curation.CatalogCuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Pipeline end: completed cooperation becomes a draft, and a published draft becomes a searchable, suggestible case. */
@Component
public class CaseDrafts {

    private static final Logger log = LoggerFactory.getLogger(CaseDrafts.class);
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final MongoTemplate mongo;
    private final CaseRepository cases;
    private final CatalogCuration curation;
    private final Clock clock;

    public CaseDrafts(MongoTemplate mongo, CaseRepository cases, CatalogCuration curation, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.cases = cases;
        this.curation = curation;
    }

    /** What an operator submits when publishing; lists are already split. */
    public record Publication(String slug, String title, String summary, List<String> partners, List<String> fields,
                              String scope, String period, String outcome, boolean mainCase) {
    }

    /**
     * What the catalogue knew of a completed proposal (its digest; no contact data), the draft's first content. The
     * digest type stays in the proposals package, which feeds this one.
     */
    public record Origin(String title, String summary, String organization, String field, String departmentName) {
    }

    /**
     * Creates the draft once per proposal; a later COMPLETED event never overwrites an operator's edits. {@code digest}
     * is null when the catalogue never saw the proposal's submission.
     */
    public void draftFromCompletedProposal(String proposalId, Origin digest, String note, Instant completedAt) {
        List<String> partners = new ArrayList<>();
        if (digest != null && digest.organization() != null && !digest.organization().isBlank()) {
            partners.add(digest.organization());
        }
        partners.add(digest != null && digest.departmentName() != null
                ? "서울특별시 " + digest.departmentName() : "서울특별시");
        CaseDraft draft = new CaseDraft(proposalId,
                digest != null && digest.title() != null ? digest.title() : "완료된 협력 (제목 확인 필요)",
                digest != null && digest.summary() != null ? digest.summary() : "",
                partners,
                digest != null && digest.field() != null ? List.of(digest.field()) : List.of(),
                completedAt.atZone(SEOUL).getYear() + "년",
                note == null ? "" : note,
                CaseDraft.Status.DRAFT, null, completedAt, null);
        try {
            mongo.insert(draft);
            log.info("case draft created for completed proposal {}", proposalId);
        } catch (DuplicateKeyException e) {
            log.debug("case draft for proposal {} already exists", proposalId);
        }
    }

    public List<CaseDraft> all() {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "completedAt")), CaseDraft.class);
    }

    public Optional<CaseDraft> find(String id) {
        return Optional.ofNullable(mongo.findById(id, CaseDraft.class));
    }

    /** Checks the operator's input; an empty list means it can be published. Messages are Korean. */
    public List<String[]> problems(String draftId, Publication p) {
        List<String[]> errors = new ArrayList<>();
        if (p.slug() == null || !SLUG.matcher(p.slug()).matches() || p.slug().length() > 64) {
            errors.add(new String[]{"slug", "주소 이름은 영문 소문자, 숫자, 하이픈(-)으로 64자 이내로 입력해 주세요."});
        } else {
            Optional<CooperationCase> existing = cases.findById(p.slug());
            boolean ownCase = find(draftId).map(d -> p.slug().equals(d.caseId())).orElse(false);
            if (existing.isPresent() && !ownCase) {
                errors.add(new String[]{"slug", "이미 쓰이는 주소 이름입니다. 다른 이름을 입력해 주세요."});
            }
        }
        if (p.title() == null || p.title().strip().length() < 5 || p.title().strip().length() > 200) {
            errors.add(new String[]{"title", "제목은 5자 이상 200자 이하로 입력해 주세요."});
        }
        if (p.summary() == null || p.summary().strip().length() < 20 || p.summary().strip().length() > 2000) {
            errors.add(new String[]{"summary", "요약은 20자 이상 2,000자 이하로 입력해 주세요."});
        }
        if (p.fields().isEmpty() || !p.fields().stream().allMatch(CooperationField::isValidCode)) {
            errors.add(new String[]{"fields", "분야를 하나 이상 골라 주세요."});
        }
        if (Scope.fromCode(p.scope()).isEmpty()) {
            errors.add(new String[]{"scope", "범위를 골라 주세요."});
        }
        if (p.partners().isEmpty()) {
            errors.add(new String[]{"partners", "협력 주체를 하나 이상 입력해 주세요."});
        }
        return errors;
    }

    /**
     * Publishes the draft as a case through {@code catalog.case-published} (sent and confirmed before the read model
     * and the search index change), so it is searchable and suggestible at once and survives a rebuild.
     */
    public CooperationCase publish(String draftId, Publication p) {
        CaseDraft draft = find(draftId).orElseThrow();
        CooperationCase published = new CooperationCase(p.slug(), p.title().strip(), null, p.summary().strip(),
                p.partners(), p.fields(), Scope.fromCode(p.scope()).orElseThrow(), blankToDash(p.period()),
                blankToDash(p.outcome()), p.mainCase(), true, null);
        curation.publishCase(published, CatalogCuration.Origin.OPERATOR, draft.id());
        mongo.save(new CaseDraft(draft.id(), published.title(), published.summary(), published.partners(),
                published.fields(), published.period(), published.outcome(), CaseDraft.Status.PUBLISHED,
                published.id(), draft.completedAt(), clock.instant()));
        log.info("case {} published from the draft of proposal {}", published.id(), draftId);
        return published;
    }

    private static String blankToDash(String s) {
        return s == null || s.isBlank() ? "-" : s.strip();
    }
}
