package kr.seoul.sane.proposal.web;

import kr.seoul.sane.proposal.intake.ProposalSubmission;

/** The 협력신청 form as posted by a browser; kept as typed so the page can show it again next to the errors. */
public class ProposalForm {

    private String organization = "";
    private String organizationType = "";
    private String contactName = "";
    private String email = "";
    private String phone = "";
    private String field = "";
    private String title = "";
    private String content = "";
    private String consent;
    /** Honeypot: hidden from people, filled in by bots. */
    private String website;
    /** When the form was rendered (epoch millis), for the minimum fill time. */
    private String startedAt;

    ProposalSubmission toSubmission(String language) {
        return new ProposalSubmission(organization, organizationType, contactName, email, phone, title, content,
                field, consent != null && (consent.equals("true") || consent.equals("on")), language);
    }

    public String getOrganization() { return organization; }
    public void setOrganization(String organization) { this.organization = organization; }
    public String getOrganizationType() { return organizationType; }
    public void setOrganizationType(String organizationType) { this.organizationType = organizationType; }
    public String getContactName() { return contactName; }
    public void setContactName(String contactName) { this.contactName = contactName; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public String getField() { return field; }
    public void setField(String field) { this.field = field; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getContent() { return content; }
    public void setContent(String content) { this.content = content; }
    public String getConsent() { return consent; }
    public void setConsent(String consent) { this.consent = consent; }
    public String getWebsite() { return website; }
    public void setWebsite(String website) { this.website = website; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
}
