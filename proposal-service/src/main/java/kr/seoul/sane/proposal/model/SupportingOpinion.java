package kr.seoul.sane.proposal.model;

import java.time.Instant;

/** A supporting department's (협조부서) opinion on a proposal, for the responsible department and the operators. */
public record SupportingOpinion(String departmentCode, String departmentName, String text, Instant at) {
}
