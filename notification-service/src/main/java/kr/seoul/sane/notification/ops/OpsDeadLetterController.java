package kr.seoul.sane.notification.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static kr.seoul.sane.notification.ops.NotificationApiSchemas.DEAD_LETTER_TOPIC;
import static kr.seoul.sane.notification.ops.NotificationApiSchemas.NAME;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/**
 * Operators see the dead letters of every service ({@code error.<topic>.<service>}) and replay one to its source
 * topic, which must be one the platform consumes (HTTP Basic).
 */
@RestController
@RequestMapping("/api/ops/dead-letters")
@Tag(name = "dead letter")
class OpsDeadLetterController {

    private final DeadLetters deadLetters;

    OpsDeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * {@code {items:[{topic, partition, offset, timestamp, key, service, originalTopic, replayable, errorClass,
     * errorCause, error, value}], total, truncated}}
     */
    @Operation(summary = "dead letter 목록", description = "플랫폼의 모든 dead-letter 토픽(error.<토픽>.<서비스>)에 있는 "
            + "메시지, 앞에서부터 limit개까지. service와 topic(원래 토픽)으로 거를 수 있습니다. 400: 토픽 이름이 될 수 없는 값.",
            responses = {@ApiResponse(responseCode = "200", description = "dead letter 목록",
                    content = @Content(schema = @Schema(implementation = NotificationApiSchemas.DeadLetterPage.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)})
    @GetMapping
    ResponseEntity<?> list(@Parameter(description = "보여 줄 최대 건수 (1–1000 밖의 값은 가장 가까운 끝으로)",
                                   schema = @Schema(minimum = "1", maximum = "1000", defaultValue = "100"))
                           @RequestParam(defaultValue = "100") int limit,
                           @Parameter(description = "이 서비스가 보관한 것만", example = "proposal-service",
                                   schema = @Schema(pattern = NAME, maxLength = 249))
                           @RequestParam(required = false) String service,
                           @Parameter(description = "이 토픽에서 온 것만", example = "proposal.submitted",
                                   schema = @Schema(pattern = NAME, maxLength = 249))
                           @RequestParam(required = false) String topic) {
        DeadLetterFilter filter = new DeadLetterFilter(service, topic);
        if (!filter.valid()) {
            return ResponseEntity.badRequest().body(error(filter.invalidField(),
                    "service와 topic에는 영문, 숫자, '.', '_', '-'만 쓸 수 있습니다 (249자까지)."));
        }
        try {
            return ResponseEntity.ok(deadLetters.list(Math.clamp(limit, 1, 1000), filter));
        } catch (KafkaException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(error(null, "지금 Kafka에 연결할 수 없습니다. 잠시 뒤 다시 시도해 주세요."));
        }
    }

    @Operation(summary = "dead letter 다시 보내기", description = "그 위치의 메시지를 원래 토픽(dead-letter 토픽 이름의 "
            + "error.<토픽>.<서비스>에서 <토픽>)에 다시 냅니다. 플랫폼이 구독하는 토픽에만 보냅니다. 400: dead-letter 토픽이 아니거나 "
            + "원래 토픽이 플랫폼이 구독하는 토픽이 아님 (field: topic). 404: 그 위치에 메시지가 없음.",
            responses = {@ApiResponse(responseCode = "202", description = "다시 보냄",
                    content = @Content(schema = @Schema(implementation = NotificationApiSchemas.Replayed.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND)})
    @PostMapping("/{topic}/{partition}/{offset}/replay")
    ResponseEntity<?> replay(@Parameter(description = "dead-letter 토픽", schema = @Schema(pattern = DEAD_LETTER_TOPIC,
                                     maxLength = 249)) @PathVariable String topic,
                             @Parameter(schema = @Schema(minimum = "0")) @PathVariable int partition,
                             @Parameter(schema = @Schema(minimum = "0")) @PathVariable long offset)
            throws Exception {
        Optional<DeadLetterTopic> deadLetterTopic = DeadLetterTopic.parse(topic);
        if (deadLetterTopic.isEmpty()) {
            return ResponseEntity.badRequest().body(error("topic",
                    "error.<토픽>.<서비스> 형식의 dead-letter 토픽만 다시 보낼 수 있습니다."));
        }
        if (deadLetterTopic.get().replayTarget().isEmpty()) {
            return ResponseEntity.badRequest().body(error("topic", "'" + topic + "'의 원래 토픽은 플랫폼 서비스가 구독하는 "
                    + "토픽이 아니어서 다시 보낼 수 없습니다. 보낼 수 있는 토픽: "
                    + String.join(", ", DeadLetterTopic.CONSUMED_TOPICS)));
        }
        Optional<RecordMetadata> replayed = deadLetters.replayAt(deadLetterTopic.get(), partition, offset);
        if (replayed.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error(null, "해당 위치에 메시지가 없습니다."));
        }
        RecordMetadata sent = replayed.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayedFrom", Map.of("topic", topic, "partition", partition, "offset", offset));
        body.put("topic", sent.topic());
        body.put("partition", sent.partition());
        body.put("offset", sent.offset());
        return ResponseEntity.accepted().body(body);
    }

    private static Map<String, Object> error(String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return Map.of("errors", List.of(error));
    }
}
