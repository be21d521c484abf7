package kr.seoul.sane.notification.reminder;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * The department (담당부서) a proposal currently waits on, and when it must be reminded or escalated.
 * Keyed by proposal id; a new routing (transfer) replaces it.
 */
@Document("department_assignments")
public record DepartmentAssignment(
        @Id String proposalId,
        String routedEventId,
        String traceparent,
        String trackingCode,
        String title,
        String organization,
        String departmentCode,
        String departmentName,
        Instant routedAt,
        Instant remindAt,
        Instant escalateAt,
        boolean acted,
        boolean reminded,
        boolean escalated) {
}
