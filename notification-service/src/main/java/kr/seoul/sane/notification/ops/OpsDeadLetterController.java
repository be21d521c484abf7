package kr.seoul.sane.notification.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/** Operators see the dead letters of this service and replay one to its original topic (HTTP Basic). */
@RestController
@RequestMapping("/api/ops/dead-letters")
@Tag(name = "dead letter")
class OpsDeadLetterController {

    private final DeadLetters deadLetters;

    OpsDeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * {@code {items:[{topic, partition, offset, timestamp, key, originalTopic, errorClass, errorCause, error, value}],
     * total, truncated}}
     */
    @Operation(summary = "dead letter 목록", description = "이 서비스의 dead-letter 토픽(error.<토픽>.notification-service)에 "
            + "있는 메시지, 앞에서부터 limit개까지.",
            responses = {@ApiResponse(responseCode = "200", description = "dead letter 목록",
                    content = @Content(schema = @Schema(implementation = NotificationApiSchemas.DeadLetterPage.class)))})
    @GetMapping
    DeadLetters.Listing list(@Parameter(description = "보여 줄 최대 건수 (1–1000 밖의 값은 가장 가까운 끝으로)",
                                     schema = @Schema(minimum = "1", maximum = "1000", defaultValue = "100"))
                             @RequestParam(defaultValue = "100") int limit) {
        return deadLetters.list(Math.clamp(limit, 1, 1000));
    }

    @Operation(summary = "dead letter 다시 보내기", description = "그 위치의 메시지를 원래 토픽에 다시 냅니다. 400: 이 서비스의 dead-letter 토픽이 "
            + "아님 (field: topic). 404: 그 위치에 메시지가 없음.",
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
        if (!DeadLetters.isDeadLetterTopic(topic)) {
            return ResponseEntity.badRequest().body(error("topic",
                    "error.<topic>.notification-service 형식의 토픽만 다시 보낼 수 있습니다."));
        }
        Optional<RecordMetadata> replayed = deadLetters.replayAt(topic, partition, offset);
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
