package kr.seoul.sane.routing.classifier;

/** Why a proposal waits in the operators' triage queue instead of being routed automatically. */
public enum TriageReason {
    /** Spam, test input, a personal civil complaint, a job application, a bare sales pitch, abuse. */
    NOT_A_PROPOSAL,
    /** The intake's anti-spam signals fired. */
    SUSPICIOUS,
    /** The best department is not clearly ahead of the others. */
    LOW_CONFIDENCE
}
