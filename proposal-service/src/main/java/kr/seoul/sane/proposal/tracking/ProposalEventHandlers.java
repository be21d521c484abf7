package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.model.PersonalData;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.Suggestions;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TimelineEvent;
import kr.seoul.sane.proposal.model.TriageInfo;
import kr.seoul.sane.tracing.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Consumes what other services decided about a proposal. Each effect and the event id are written in one update
 * of the proposal document, guarded by "event id not yet processed", so a redelivered event changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class ProposalEventHandlers {

    private static final Logger log = LoggerFactory.getLogger(ProposalEventHandlers.class);
    /** Routing may (re)assign a department only before a department has started to act on the proposal. */
    private static final List<ProposalStatus> ROUTABLE = List.of(
            ProposalStatus.SUBMITTED, ProposalStatus.TRIAGE, ProposalStatus.ROUTED, ProposalStatus.TRANSFERRED);

    /** notification-service's template ids ({@code MailTemplate}) this service learns from. */
    static final String DEPARTMENT_MAIL = "department-new-proposal";
    static final String ESCALATION_MAIL = "operator-escalation";
    /** notification-service's id suffix of the copy sent to the PARTNERSHIP mailbox ({@code DeliveryDispatcher}). */
    private static final String FALLBACK_SUFFIX = ":FALLBACK";

    private final MongoTemplate mongo;
    private final StatusChangeService changes;
    private final EventTracing tracing;
    private final DepartmentDirectory departments;
    private final JsonMapper json = JsonMapper.builder().build();

    ProposalEventHandlers(MongoTemplate mongo, StatusChangeService changes, EventTracing tracing,
                          DepartmentDirectory departments) {
        this.mongo = mongo;
        this.changes = changes;
        this.tracing = tracing;
        this.departments = departments;
    }

    /** An incoming envelope, read tolerantly: only what this service needs. */
    record Envelope(String eventId, String type, String proposalId, Instant occurredAt, JsonNode payload) {
    }

    @Bean
    Consumer<Message<byte[]>> proposalRouted() {
        return message -> tracing.consume(message.getPayload(), "proposal.routed",
                () -> read(message, "proposal.routed").ifPresent(this::onRouted));
    }

    @Bean
    Consumer<Message<byte[]>> proposalTriaged() {
        return message -> tracing.consume(message.getPayload(), "proposal.triaged",
                () -> read(message, "proposal.triaged").ifPresent(this::onTriaged));
    }

    @Bean
    Consumer<Message<byte[]>> catalogSuggested() {
        return message -> tracing.consume(message.getPayload(), "catalog.suggested",
                () -> read(message, "catalog.suggested").ifPresent(this::onSuggested));
    }

    @Bean
    Consumer<Message<byte[]>> notificationDelivered() {
        return message -> tracing.consume(message.getPayload(), "notification.delivered",
                () -> read(message, "notification.delivered").ifPresent(this::onDelivered));
    }

    @Bean
    Consumer<Message<byte[]>> notificationFailed() {
        return message -> tracing.consume(message.getPayload(), "notification.failed",
                () -> read(message, "notification.failed").ifPresent(this::onFailed));
    }

    /**
     * {@code notification.delivered}: the department mail reached the department (timeline "부서에 전달됨", once per
     * department) or, after the department address failed, the PARTNERSHIP mailbox (once per routing); the operators'
     * escalation mail makes the proposal overdue. Other mails are acknowledged and ignored.
     */
    void onDelivered(Envelope e) {
        String template = e.payload().path("template").asString("");
        String department = e.payload().path("departmentCode").asString(null);
        if (ESCALATION_MAIL.equals(template)) {
            onEscalated(e, department);
            return;
        }
        if (!DEPARTMENT_MAIL.equals(template) || !"DEPARTMENT".equals(e.payload().path("recipientRole").asString(""))
                || department == null) {
            return;
        }
        boolean fallback = e.payload().path("deliveryId").asString("").endsWith(FALLBACK_SUFFIX);
        // the fallback copy is one per routing event (its department is always PARTNERSHIP)
        String key = fallback ? "FALLBACK:" + e.payload().path("sourceEventId").asString(e.eventId()) : department;
        TimelineEntry entry = TimelineEntry.event(fallback ? TimelineEvent.DELIVERED_FALLBACK : TimelineEvent.DELIVERED,
                e.occurredAt(), departments.name(department));
        apply(e, unprocessed(e).addCriteria(Criteria.where("deliveredTo").ne(key)),
                processed(e).push("deliveredTo", key).push("timeline", entry));
    }

    /**
     * {@code notification.failed}: a permanent failure of the department mail shows on the ops page (never to the
     * applicant); a permanent failure of the escalation mail still makes the proposal overdue (an SMTP problem must
     * not hide it). Transient failures (the mail is retried) and other mails are ignored.
     */
    void onFailed(Envelope e) {
        if (!e.payload().path("permanent").asBoolean(false)) {
            return;
        }
        String template = e.payload().path("template").asString("");
        String department = e.payload().path("departmentCode").asString(null);
        if (ESCALATION_MAIL.equals(template)) {
            onEscalated(e, department);
            return;
        }
        if (!DEPARTMENT_MAIL.equals(template) || !"DEPARTMENT".equals(e.payload().path("recipientRole").asString(""))) {
            return;
        }
        String error = PersonalData.scrub(e.payload().path("error").asString(""));
        String note = (department == null ? "" : departments.name(department))
                + (error.isBlank() ? "" : (department == null ? "" : " — ") + error);
        apply(e, unprocessed(e), processed(e).push("timeline",
                TimelineEntry.event(TimelineEvent.DELIVERY_FAILED, e.occurredAt(), note.isBlank() ? null : note)));
    }

    /**
     * The operators were told that the department has not acted in time: overdue from then on, as long as the
     * proposal still waits on that department (status ROUTED, routed before the escalation). Any status change or a
     * new routing clears it.
     */
    private void onEscalated(Envelope e, String department) {
        if (department == null) {
            return;
        }
        Query query = unprocessed(e)
                .addCriteria(Criteria.where("status").is(ProposalStatus.ROUTED)
                        .and("departmentCode").is(department)
                        .and("overdueSince").is(null)
                        .and("routedAt").lt(e.occurredAt()));
        Update update = processed(e)
                .set("overdueSince", e.occurredAt())
                .push("timeline", TimelineEntry.event(TimelineEvent.OVERDUE, e.occurredAt(),
                        departments.name(department)));
        apply(e, query, update);
    }

    void onRouted(Envelope e) {
        String code = e.payload().path("departmentCode").asString(null);
        String name = e.payload().path("departmentName").asString(null);
        if (code == null || name == null) {
            log.warn("proposal.routed {} without department; ignored", e.eventId());
            return;
        }
        String routedBy = e.payload().path("routedBy").asString("AUTO");
        String note = switch (routedBy) {
            case "TRANSFER" -> "이송된 담당부서: ";
            case "OPERATOR" -> "운영자가 배정한 담당부서: ";
            default -> "담당부서 배정: ";
        } + name;
        Query query = unprocessed(e)
                .addCriteria(Criteria.where("status").in(ROUTABLE))
                .addCriteria(new Criteria().orOperator(
                        Criteria.where("routedAt").is(null), Criteria.where("routedAt").lt(e.occurredAt())));
        Update update = processed(e)
                .set("status", ProposalStatus.ROUTED)
                .set("departmentCode", code)
                .set("departmentName", name)
                .set("routedAt", e.occurredAt())
                .unset("transferTo")
                .unset("overdueSince")
                .inc("stateVersion", 1)
                .push("timeline", new TimelineEntry(ProposalStatus.ROUTED, e.occurredAt(), note, "SYSTEM"));
        apply(e, query, update);
    }

    /**
     * {@code proposal.triaged}: the proposal waits for an operator (status TRIAGE, with the reason and routing's top 3
     * candidates stored for the triage console). Applies to a proposal not yet routed; one that an operator or a
     * department sent to a department unknown to routing (decidedBy OPERATOR or TRANSFER, status TRANSFERRED) comes
     * back to triage without a department. With decidedBy OPERATOR and reasonCode NOT_A_PROPOSAL it is an
     * operator's final verdict: status NOT_A_PROPOSAL, published as {@code proposal.status-changed} once.
     */
    void onTriaged(Envelope e) {
        String reasonCode = e.payload().path("reasonCode").asString(null);
        String decidedBy = e.payload().path("decidedBy").asString("AUTO");
        String reason = e.payload().path("reason").isString() ? e.payload().path("reason").asString() : null;
        if ("OPERATOR".equals(decidedBy) && "NOT_A_PROPOSAL".equals(reasonCode)) {
            if (!changes.applyVerdict(e.proposalId(), e.eventId(), reason, e.occurredAt())) {
                log.info("proposal.triaged {} (operator verdict) for proposal {} changed nothing", e.eventId(),
                        e.proposalId());
            }
            return;
        }
        List<TriageInfo.Candidate> candidates = new ArrayList<>();
        for (JsonNode c : e.payload().path("candidates")) {
            String code = c.path("departmentCode").asString(null);
            if (code != null && c.path("score").isNumber() && candidates.size() < 3) {
                candidates.add(new TriageInfo.Candidate(code, c.path("score").asDouble()));
            }
        }
        JsonNode confidence = e.payload().path("confidence");
        TriageInfo triage = new TriageInfo(reasonCode, reason, confidence.isNumber() ? confidence.asDouble() : null,
                candidates, decidedBy, e.occurredAt());
        Criteria from = "AUTO".equals(decidedBy)
                ? Criteria.where("status").is(ProposalStatus.SUBMITTED)
                : Criteria.where("status").in(ProposalStatus.SUBMITTED, ProposalStatus.TRANSFERRED);
        Update update = processed(e)
                .set("status", ProposalStatus.TRIAGE)
                .set("triage", triage)
                .unset("departmentCode")
                .unset("departmentName")
                .unset("transferTo")
                .unset("overdueSince")
                .inc("stateVersion", 1)
                .push("timeline", new TimelineEntry(ProposalStatus.TRIAGE, e.occurredAt(),
                        "담당부서를 정하기 위해 운영자가 확인하고 있습니다.", "SYSTEM"));
        apply(e, unprocessed(e).addCriteria(from), update);
    }

    void onSuggested(Envelope e) {
        List<Suggestions.CaseSuggestion> cases = new ArrayList<>();
        for (JsonNode c : e.payload().path("cases")) {
            cases.add(new Suggestions.CaseSuggestion(c.path("id").asString(""), c.path("title").asString(""),
                    c.path("summary").asString(null), c.path("url").asString("")));
        }
        List<Suggestions.InstitutionSuggestion> institutions = new ArrayList<>();
        for (JsonNode i : e.payload().path("institutions")) {
            String homepage = i.path("homepage").asString("");
            institutions.add(new Suggestions.InstitutionSuggestion(i.path("id").asString(""),
                    i.path("name").asString(""), homepage.matches("(?i)^https?://.*") ? homepage : null));
        }
        apply(e, unprocessed(e), processed(e).set("suggestions", new Suggestions(cases, institutions)));
    }

    private static Query unprocessed(Envelope e) {
        return Query.query(Criteria.where("_id").is(e.proposalId()).and("processedEventIds").ne(e.eventId()));
    }

    private static Update processed(Envelope e) {
        return new Update().push("processedEventIds", e.eventId());
    }

    private void apply(Envelope e, Query query, Update update) {
        long changed = mongo.updateFirst(query, update, Proposal.class).getModifiedCount();
        if (changed == 0) {
            log.info("{} {} for proposal {} changed nothing (already processed, unknown proposal or stale)",
                    e.type(), e.eventId(), e.proposalId());
        }
    }

    private java.util.Optional<Envelope> read(Message<byte[]> message, String expectedType) {
        try {
            JsonNode root = json.readTree(message.getPayload());
            String eventId = root.path("eventId").asString(null);
            String proposalId = root.path("proposalId").asString(null);
            String occurredAt = root.path("occurredAt").asString(null);
            String type = root.path("type").asString(expectedType);
            JsonNode payload = root.path("payload");
            if (eventId == null || proposalId == null || occurredAt == null || !payload.isObject()
                    || !expectedType.equals(type)) {
                log.warn("{} record without the envelope fields this service needs; ignored", expectedType);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(
                    new Envelope(eventId, type, proposalId, Instant.parse(occurredAt), payload));
        } catch (JacksonException | DateTimeParseException e) {
            log.warn("unreadable {} record ignored: {}", expectedType, kr.seoul.sane.proposal.model.PersonalData.describe(e));
            return java.util.Optional.empty();
        }
    }
}
