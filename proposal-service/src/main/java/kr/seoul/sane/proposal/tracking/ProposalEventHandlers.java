package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.events.UnreadableEventException;
import kr.seoul.sane.proposal.actions.ProposalStore;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.department.DepartmentDirectory;
import kr.seoul.sane.proposal.lifecycle.OpinionRules;
import kr.seoul.sane.proposal.lifecycle.ProposalTransitions;
import kr.seoul.sane.proposal.model.PersonalData;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import kr.seoul.sane.proposal.model.Suggestions;
import kr.seoul.sane.proposal.model.SupportingDepartment;
import kr.seoul.sane.proposal.model.TimelineEntry;
import kr.seoul.sane.proposal.model.TimelineEvent;
import kr.seoul.sane.proposal.model.TriageInfo;
import kr.seoul.sane.tracing.EventTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes what other services decided about a proposal, in batches from one listener. Each effect and
 * the event id are one update of the proposal document, guarded by "event id not yet processed", so a redelivered
 * event changes nothing; the updates of a batch go to MongoDB in one ordered bulk write ({@link EffectBatch}).
 */
@Component
class ProposalEventHandlers {

    private static final Logger log = LoggerFactory.getLogger(ProposalEventHandlers.class);
    /** The topics this service consumes (each record's envelope type is its topic's name). */
    static final java.util.Set<String> CONSUMED = java.util.Set.of("proposal.routed", "proposal.triaged",
            "catalog.suggested", "notification.delivered", "notification.failed");

    /** notification-service's template ids ({@code MailTemplate}) this service learns from. */
    static final String DEPARTMENT_MAIL = "department-new-proposal";
    static final String ESCALATION_MAIL = "operator-escalation";
    /** notification-service's id suffix of the copy sent to the PARTNERSHIP mailbox ({@code FallbackCopies}). */

    private final MongoTemplate mongo;
    private final StatusChangeService changes;
    private final ProposalStore store;
    private final ProposalTransitions transitions;
    private final EventTracing tracing;
    private final DepartmentDirectory departments;
    private final DeadLetters deadLetters;
    private final EnvelopeReader reader;

    ProposalEventHandlers(MongoTemplate mongo, StatusChangeService changes, ProposalStore store,
                          ProposalTransitions transitions, EventTracing tracing, DepartmentDirectory departments,
                          DeadLetters deadLetters, EnvelopeReader reader) {
        this.reader = reader;
        this.store = store;
        this.transitions = transitions;
        this.deadLetters = deadLetters;
        this.mongo = mongo;
        this.changes = changes;
        this.tracing = tracing;
        this.departments = departments;
    }

    /**
     * One polled batch of the five topics this service consumes ({@link ProposalEventListener}): proposal.routed,
     * proposal.triaged, catalog.suggested, notification.delivered and notification.failed. The effects of a batch
     * go to MongoDB in one ordered bulk write; unreadable records to their dead-letter topic. A failure (store or
     * broker unavailable) is thrown: the container retries the whole batch, and the processed-event guard of each
     * update makes the retry change nothing twice.
     */
    void consume(List<ConsumerRecord<String, byte[]>> records) {
        EffectBatch effects = new EffectBatch(mongo);
        DeadLetters.Batch dead = deadLetters.batch();
        for (ConsumerRecord<String, byte[]> record : records) {
            byte[] raw = record.value();
            Read read = read(raw, record.topic());
            if (read.envelope() == null) {
                log.warn("unreadable {} record sent to {}: {}", read.topic(), DeadLetters.topicFor(read.topic()),
                        read.problem());
                dead.add(read.topic(), record.key(), raw, read.problem());
                continue;
            }
            Envelope<JsonNode> e = read.envelope();
            tracing.run(e.traceparent(), e.type(), () -> dispatch(e, effects));
        }
        effects.flush();
        dead.await();
    }

    private void dispatch(Envelope<JsonNode> e, EffectBatch effects) {
        switch (e.type()) {
            case "proposal.routed" -> onRouted(e, effects);
            case "proposal.triaged" -> onTriaged(e, effects);
            case "catalog.suggested" -> onSuggested(e, effects);
            case "notification.delivered" -> onDelivered(e, effects);
            case "notification.failed" -> onFailed(e, effects);
            default -> log.warn("{} {} is not consumed here; ignored", e.type(), e.eventId());
        }
    }

    /**
     * {@code notification.delivered}: the department mail reached the department (timeline "부서에 전달됨", once per
     * department) or, after the department address failed, the PARTNERSHIP mailbox (once per routing); the operators'
     * escalation mail makes the proposal overdue. Other mails are acknowledged and ignored.
     */
    void onDelivered(Envelope<JsonNode> e, EffectBatch effects) {
        String template = e.payload().path("template").asString("");
        String department = e.payload().path("departmentCode").asString(null);
        if (ESCALATION_MAIL.equals(template)) {
            onEscalated(e, department, effects);
            return;
        }
        if (!DEPARTMENT_MAIL.equals(template) || !"DEPARTMENT".equals(e.payload().path("recipientRole").asString(""))
                || department == null) {
            return;
        }
        boolean fallback = e.payload().path("fallbackCopy").asBoolean(false);
        // the fallback copy is one per routing event (its department is always PARTNERSHIP)
        String key = fallback ? "FALLBACK:" + e.payload().path("sourceEventId").asString(e.eventId()) : department;
        TimelineEntry entry = TimelineEntry.event(fallback ? TimelineEvent.DELIVERED_FALLBACK : TimelineEvent.DELIVERED,
                e.occurredAt(), departments.name(department));
        effects.add(unprocessed(e).addCriteria(Criteria.where("deliveredTo").ne(key)),
                processed(e).push("deliveredTo", key).push("timeline", entry));
    }

    /**
     * {@code notification.failed}: a permanent failure of the department mail shows on the ops page (never to the
     * applicant); a permanent failure of the escalation mail still makes the proposal overdue (an SMTP problem must
     * not hide it). Transient failures (the mail is retried) and other mails are ignored.
     */
    void onFailed(Envelope<JsonNode> e, EffectBatch effects) {
        if (!e.payload().path("permanent").asBoolean(false)) {
            return;
        }
        String template = e.payload().path("template").asString("");
        String department = e.payload().path("departmentCode").asString(null);
        if (ESCALATION_MAIL.equals(template)) {
            onEscalated(e, department, effects);
            return;
        }
        if (!DEPARTMENT_MAIL.equals(template) || !"DEPARTMENT".equals(e.payload().path("recipientRole").asString(""))) {
            return;
        }
        String error = PersonalData.scrub(e.payload().path("error").asString(""));
        String note = (department == null ? "" : departments.name(department))
                + (error.isBlank() ? "" : (department == null ? "" : " — ") + error);
        effects.add(unprocessed(e), processed(e).push("timeline",
                TimelineEntry.event(TimelineEvent.DELIVERY_FAILED, e.occurredAt(), note.isBlank() ? null : note)));
    }

    /**
     * The operators were told that the department has not acted in time: overdue from then on, as long as the
     * proposal still waits on that department (status ROUTED, routed before the escalation). Any status change or a
     * new routing clears it.
     */
    private void onEscalated(Envelope<JsonNode> e, String department, EffectBatch effects) {
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
        effects.add(query, update);
    }

    void onRouted(Envelope<JsonNode> e, EffectBatch effects) {
        String code = e.payload().path("departmentCode").asString(null);
        String name = e.payload().path("departmentName").asString(null);
        if (code == null || name == null) {
            log.warn("proposal.routed {} without department; ignored", e.eventId());
            return;
        }
        List<SupportingDepartment> named = new ArrayList<>();
        for (JsonNode d : e.payload().path("supportingDepartments")) {
            String supporting = d.path("code").asString(null);
            if (supporting != null) {
                named.add(new SupportingDepartment(supporting, d.path("name").asString(departments.name(supporting))));
            }
        }
        // the supporting departments of this routing replace those of an earlier one (with the routing, or not at all)
        effects.add(store.write(transitions.routed(e.proposalId(), e.eventId(), code, name,
                e.payload().path("routedBy").asString("AUTO"), e.occurredAt()),
                new Update().set("supportingDepartments", OpinionRules.supporting(named, code))));
    }

    /**
     * {@code proposal.triaged}: the proposal waits for an operator (status TRIAGE, with the reason and routing's top 3
     * candidates stored for the triage console). Applies to a proposal not yet routed; one that an operator or a
     * department sent to a department unknown to routing (decidedBy OPERATOR or TRANSFER, status TRANSFERRED) comes
     * back to triage without a department. With decidedBy OPERATOR and reasonCode NOT_A_PROPOSAL it is an
     * operator's final verdict: status NOT_A_PROPOSAL, published as {@code proposal.status-changed} once.
     */
    void onTriaged(Envelope<JsonNode> e, EffectBatch effects) {
        String reasonCode = e.payload().path("reasonCode").asString(null);
        String decidedBy = e.payload().path("decidedBy").asString("AUTO");
        String reason = e.payload().path("reason").isString() ? e.payload().path("reason").asString() : null;
        if ("OPERATOR".equals(decidedBy) && "NOT_A_PROPOSAL".equals(reasonCode)) {
            // read-then-write with an outbox event: the effects collected so far go first, to keep the order
            effects.flush();
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
        effects.add(store.write(transitions.triaged(e.proposalId(), e.eventId(), triage, "AUTO".equals(decidedBy),
                e.occurredAt())));
    }

    void onSuggested(Envelope<JsonNode> e, EffectBatch effects) {
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
        effects.add(unprocessed(e), processed(e).set("suggestions", new Suggestions(cases, institutions)));
    }

    private static Query unprocessed(Envelope<JsonNode> e) {
        return Proposal.APPLIED_EVENTS.unlessApplied(e.proposalId(), e.eventId());
    }

    private static Update processed(Envelope<JsonNode> e) {
        return Proposal.APPLIED_EVENTS.applied(new Update(), e.eventId());
    }

    /** A consumed record: its envelope, or why it could not be read. */
    record Read(String topic, Envelope<JsonNode> envelope, String problem) {
    }

    /** @param topic the record's topic; when unknown the envelope's type stands for it */
    Read read(byte[] raw, String topic) {
        if (topic != null && !CONSUMED.contains(topic)) {
            return new Read(topic, null, "not an event this service consumes");
        }
        try {
            Envelope<JsonNode> e = reader.read(raw, topic);
            if (e.type() == null || !CONSUMED.contains(e.type())) {
                return new Read(e.type() == null ? "unknown" : e.type(), null, "not an event this service consumes");
            }
            if (e.occurredAt() == null) {
                return new Read(e.type(), null, "record without the envelope fields this service needs");
            }
            return new Read(e.type(), e, null);
        } catch (UnreadableEventException e) {
            return new Read(topic == null ? "unknown" : topic, null, PersonalData.scrub(e.getMessage()));
        }
    }
}
