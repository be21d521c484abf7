package kr.seoul.sane.proposal.model;

import kr.seoul.sane.events.guard.AppliedEvents;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cooperation proposal (협력제안) together with its outbox: the events it caused that are not yet on Kafka,
 * and the ids of the events it has already absorbed (idempotent consumption).
 */
@Document("proposals")
public class Proposal {

    /** The guard of the consumed events, written with each one's effect: their ids in {@code processedEventIds}. */
    public static final AppliedEvents APPLIED_EVENTS = new AppliedEvents("processedEventIds");

    @Id
    private String id;
    private String trackingCode;
    private String organization;
    private OrganizationType organizationType;
    private String contactName;
    private String email;
    /** Lower-cased e-mail: duplicate detection and tracking compare on it. */
    private String emailKey;
    private String phone;
    private String title;
    private String content;
    private String field;
    private String language;
    private Channel channel;
    private boolean suspicious;
    private List<String> suspicionReasons = new ArrayList<>();
    private Instant submittedAt;
    private ProposalStatus status;
    private String departmentCode;
    private String departmentName;
    private Instant routedAt;
    /**
     * Since when the proposal is overdue: notification-service escalated it to the operators (its
     * {@code operator-escalation} mail) and the department has not acted since; cleared by any status change and
     * by a new routing. The one definition behind {@code sane_proposals_overdue} and the ops overview.
     */
    private Instant overdueSince;
    /** The supporting departments (협조부서) of the latest routing applied; they give opinions, never decide. */
    private List<SupportingDepartment> supportingDepartments = new ArrayList<>();
    /** The supporting departments' opinions, at most one per department. */
    private List<SupportingOpinion> supportingOpinions = new ArrayList<>();
    /** Departments whose new-proposal mail was delivered (one "부서에 전달됨" timeline entry each). */
    private List<String> deliveredTo = new ArrayList<>();
    /** Raised by every status change; a status change applies only to the version it was decided on. */
    private long stateVersion;
    /** The department a transfer asked for, until routing assigns it. */
    private String transferTo;
    /** Why the proposal went to triage and routing's candidates (the latest {@code proposal.triaged} applied). */
    private TriageInfo triage;
    private List<TimelineEntry> timeline = new ArrayList<>();
    private Suggestions suggestions = Suggestions.NONE;
    /** Outbox: events not yet acknowledged by the broker. */
    private List<PendingEvent> pendingEvents = new ArrayList<>();
    private List<String> processedEventIds = new ArrayList<>();
    /** The optional attached file (bytes in {@code attachments}); null when none or after retention. */
    private AttachmentRef attachment;
    /** When the retention job removed the personal fields; null while they are kept. */
    private Instant anonymizedAt;
    /** The applicant's pending erasure request (hash of the mailed code); null when none. */
    private ErasureRequest erasure;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getTrackingCode() { return trackingCode; }
    public void setTrackingCode(String trackingCode) { this.trackingCode = trackingCode; }
    public String getOrganization() { return organization; }
    public void setOrganization(String organization) { this.organization = organization; }
    public OrganizationType getOrganizationType() { return organizationType; }
    public void setOrganizationType(OrganizationType organizationType) { this.organizationType = organizationType; }
    public String getContactName() { return contactName; }
    public void setContactName(String contactName) { this.contactName = contactName; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getEmailKey() { return emailKey; }
    public void setEmailKey(String emailKey) { this.emailKey = emailKey; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getContent() { return content; }
    public void setContent(String content) { this.content = content; }
    public String getField() { return field; }
    public void setField(String field) { this.field = field; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public Channel getChannel() { return channel; }
    public void setChannel(Channel channel) { this.channel = channel; }
    public boolean isSuspicious() { return suspicious; }
    public void setSuspicious(boolean suspicious) { this.suspicious = suspicious; }
    public List<String> getSuspicionReasons() { return suspicionReasons; }
    public void setSuspicionReasons(List<String> suspicionReasons) { this.suspicionReasons = suspicionReasons; }
    public Instant getSubmittedAt() { return submittedAt; }
    public void setSubmittedAt(Instant submittedAt) { this.submittedAt = submittedAt; }
    public ProposalStatus getStatus() { return status; }
    public void setStatus(ProposalStatus status) { this.status = status; }
    public String getDepartmentCode() { return departmentCode; }
    public void setDepartmentCode(String departmentCode) { this.departmentCode = departmentCode; }
    public String getDepartmentName() { return departmentName; }
    public void setDepartmentName(String departmentName) { this.departmentName = departmentName; }
    public Instant getRoutedAt() { return routedAt; }
    public void setRoutedAt(Instant routedAt) { this.routedAt = routedAt; }
    public Instant getOverdueSince() { return overdueSince; }
    public void setOverdueSince(Instant overdueSince) { this.overdueSince = overdueSince; }
    public List<SupportingDepartment> getSupportingDepartments() { return supportingDepartments; }
    public void setSupportingDepartments(List<SupportingDepartment> supportingDepartments) { this.supportingDepartments = supportingDepartments; }
    public List<SupportingOpinion> getSupportingOpinions() { return supportingOpinions; }
    public void setSupportingOpinions(List<SupportingOpinion> supportingOpinions) { this.supportingOpinions = supportingOpinions; }
    public List<String> getDeliveredTo() { return deliveredTo; }
    public void setDeliveredTo(List<String> deliveredTo) { this.deliveredTo = deliveredTo; }
    public long getStateVersion() { return stateVersion; }
    public void setStateVersion(long stateVersion) { this.stateVersion = stateVersion; }
    public String getTransferTo() { return transferTo; }
    public void setTransferTo(String transferTo) { this.transferTo = transferTo; }
    public TriageInfo getTriage() { return triage; }
    public void setTriage(TriageInfo triage) { this.triage = triage; }
    public List<TimelineEntry> getTimeline() { return timeline; }
    public void setTimeline(List<TimelineEntry> timeline) { this.timeline = timeline; }
    public Suggestions getSuggestions() { return suggestions; }
    public void setSuggestions(Suggestions suggestions) { this.suggestions = suggestions; }
    public List<PendingEvent> getPendingEvents() { return pendingEvents; }
    public void setPendingEvents(List<PendingEvent> pendingEvents) { this.pendingEvents = pendingEvents; }
    public List<String> getProcessedEventIds() { return processedEventIds; }
    public void setProcessedEventIds(List<String> processedEventIds) { this.processedEventIds = processedEventIds; }
    public AttachmentRef getAttachment() { return attachment; }
    public void setAttachment(AttachmentRef attachment) { this.attachment = attachment; }
    public Instant getAnonymizedAt() { return anonymizedAt; }
    public void setAnonymizedAt(Instant anonymizedAt) { this.anonymizedAt = anonymizedAt; }
    public ErasureRequest getErasure() { return erasure; }
    public void setErasure(ErasureRequest erasure) { this.erasure = erasure; }
}
