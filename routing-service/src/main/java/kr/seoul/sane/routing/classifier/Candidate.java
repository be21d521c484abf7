package kr.seoul.sane.routing.classifier;

/** A department suggestion with its calibrated share of the confidence (0..1). */
public record Candidate(String departmentCode, double score) {
}
