package kr.seoul.sane.proposal.model;

/** A supporting department (협조부서) routing named for a proposal: it gives an opinion, the responsible one decides. */
public record SupportingDepartment(String code, String name) {
}
