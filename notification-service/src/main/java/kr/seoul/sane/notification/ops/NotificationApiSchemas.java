package kr.seoul.sane.notification.ops;

import io.swagger.v3.oas.annotations.media.Schema;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.mail.RecipientRole;

import java.time.Instant;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The JSON bodies of the notification ops API as the OpenAPI document shows them (the controllers answer maps). */
final class NotificationApiSchemas {

    /** A dead-letter topic, as {@link DeadLetterTopic#parse} accepts it. */
    static final String DEAD_LETTER_TOPIC = "^error\\.[A-Za-z0-9._-]+$";
    /** A service or topic name. */
    static final String NAME = "^[A-Za-z0-9._-]+$";

    private NotificationApiSchemas() {
    }

    @Schema(name = "DeliveryPage", description = "한 상태의 발송 기록, 한 쪽")
    record DeliveryPage(@Schema(requiredMode = REQUIRED) List<DeliveryView> items,
                        @Schema(description = "그 상태의 전체 건수", requiredMode = REQUIRED, minimum = "0") long total) {
    }

    @Schema(name = "Delivery", description = "메일 한 통의 발송 기록 (받는 주소는 가려서)")
    record DeliveryView(@Schema(example = "1c7a4d3f-9b52-4d4f-8e1b-7a2f3c8d0b12:applicant-receipt:APPLICANT") String id,
                        String proposalId, @Schema(description = "메일 종류", example = "applicant-receipt") String template,
                        RecipientRole recipientRole,
                        @Schema(types = {"string", "null"}, example = "RESOURCE_CIRCULATION") String departmentCode,
                        @Schema(description = "가린 주소", example = "s***@example.org") String recipient,
                        DeliveryStatus status, @Schema(minimum = "0") int attempts, Instant createdAt,
                        @Schema(types = {"string", "null"}, format = "date-time") Instant nextAttemptAt,
                        @Schema(types = {"string", "null"}, format = "date-time") Instant sentAt,
                        @Schema(types = {"string", "null"}) String lastError,
                        @Schema(description = "다시 보내도 안 될 실패 (주소 없음 등)") boolean permanentFailure,
                        @Schema(description = "대신 보낸 발송 기록 (부서 메일이 실패하면 운영자에게)", types = {"string", "null"})
                        String fallbackDeliveryId) {
    }

    @Schema(name = "Resend", description = "다시 보내기로 한 발송 (상태 RETRY, 곧 보냄)")
    record Resend(String id, @Schema(allowableValues = "RETRY") String status) {
    }

    @Schema(name = "DeadLetterPage", description = "플랫폼의 dead-letter 토픽에 있는 메시지, 앞에서부터")
    record DeadLetterPage(@Schema(requiredMode = REQUIRED) List<DeadLetterView> items,
                          @Schema(description = "dead-letter 토픽의 전체 메시지 수", minimum = "0") long total,
                          @Schema(description = "limit 때문에 다 보여 주지 못했는지") boolean truncated) {
    }

    @Schema(name = "DeadLetter", description = "처리하지 못해 dead-letter 토픽에 놓인 메시지 하나")
    record DeadLetterView(@Schema(pattern = DEAD_LETTER_TOPIC, example = "error.proposal.submitted.proposal-service")
                          String topic, @Schema(minimum = "0") int partition, @Schema(minimum = "0") long offset,
                          Instant timestamp, String key,
                          @Schema(description = "보관한 서비스 (토픽 이름에서)", example = "proposal-service") String service,
                          @Schema(description = "원래 토픽 (토픽 이름에서)", example = "proposal.submitted") String originalTopic,
                          @Schema(description = "원래 토픽이 플랫폼이 구독하는 토픽이라 다시 보낼 수 있는지") boolean replayable,
                          @Schema(description = "예외 클래스 (kafka_dlt-exception-fqcn)") String errorClass,
                          @Schema(description = "가장 안쪽 원인의 클래스") String errorCause,
                          @Schema(description = "예외 메시지 (kafka_dlt-exception-message)") String error,
                          @Schema(description = "원래 메시지 (UTF-8)") String value) {
    }

    @Schema(name = "Replayed", description = "원래 토픽에 다시 보낸 메시지의 새 위치")
    record Replayed(RecordPlace replayedFrom, String topic, int partition, long offset) {
    }

    @Schema(name = "RecordPlace", description = "토픽, 파티션, 오프셋")
    record RecordPlace(String topic, int partition, long offset) {
    }
}
