package kr.seoul.sane.proposal.model;

/** 기관 유형: who proposes the cooperation. */
public enum OrganizationType {
    COMPANY, NONPROFIT, UNIVERSITY, PUBLIC_INSTITUTION, INDIVIDUAL, FOREIGN;

    public static OrganizationType parse(String value) {
        for (OrganizationType t : values()) {
            if (t.name().equals(value)) {
                return t;
            }
        }
        return null;
    }
}
