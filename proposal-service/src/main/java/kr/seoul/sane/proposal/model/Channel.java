package kr.seoul.sane.proposal.model;

/** Where a proposal came in: the public web form or the JSON API. */
public enum Channel {
    WEB, API;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
