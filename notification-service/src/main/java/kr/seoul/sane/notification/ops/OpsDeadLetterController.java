package kr.seoul.sane.notification.ops;

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

/** Operators see the dead letters of this service and replay one to its original topic (HTTP Basic). */
@RestController
@RequestMapping("/api/ops/dead-letters")
class OpsDeadLetterController {

    private final DeadLetters deadLetters;

    OpsDeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * {@code {items:[{topic, partition, offset, timestamp, key, originalTopic, errorClass, errorCause, error, value}],
     * total, truncated}}
     */
    @GetMapping
    DeadLetters.Listing list(@RequestParam(defaultValue = "100") int limit) {
        return deadLetters.list(Math.clamp(limit, 1, 1000));
    }

    @PostMapping("/{topic}/{partition}/{offset}/replay")
    ResponseEntity<?> replay(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset)
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
