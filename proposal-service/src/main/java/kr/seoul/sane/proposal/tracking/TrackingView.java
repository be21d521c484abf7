package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.proposal.model.Suggestions;
import kr.seoul.sane.proposal.model.TimelineEntry;

import java.time.Instant;
import java.util.List;

/** What an applicant may see of their proposal; of the supporting departments (협조부서), their names alone. */
public record TrackingView(
        String trackingCode,
        String title,
        String organization,
        Instant submittedAt,
        String status,
        String departmentCode,
        String departmentName,
        List<String> supportingDepartments,
        List<TimelineEntry> timeline,
        Suggestions suggestions) {
}
