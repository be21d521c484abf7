package kr.seoul.sane.notification.mail;

/**
 * The parts of a mail model that group several values, as the templates read them (every other value of a model is
 * a String, a list of Strings or a number).
 */
public final class MailModel {

    private MailModel() {
    }

    /** A department the routing also considered, with its score in percent. */
    public record Candidate(String name, long percent) {
    }

    /** The applicant's file: its name, its size as a label (null when unknown) and the signed download link. */
    public record Attachment(String filename, String size, String url) {
    }

    /** A similar cooperation case and its page. */
    public record SimilarCase(String title, String url) {
    }

    /** An institution that could take part, and its homepage. */
    public record Institution(String name, String homepage) {
    }

    /** A department page action's button: its label and what it does (for screen readers). */
    public record Action(String label, String description) {
    }
}
