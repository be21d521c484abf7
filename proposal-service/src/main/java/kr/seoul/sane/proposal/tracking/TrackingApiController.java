package kr.seoul.sane.proposal.tracking;

import kr.seoul.sane.proposal.api.ApiErrors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/proposals/{trackingCode}?email=}: status, department, timeline and suggestions. */
@RestController
class TrackingApiController {

    static final String NOT_FOUND = "접수번호와 이메일이 일치하는 제안을 찾을 수 없습니다. 두 값을 다시 확인해 주세요.";

    private final TrackingService tracking;

    TrackingApiController(TrackingService tracking) {
        this.tracking = tracking;
    }

    @GetMapping(path = "/api/proposals/{trackingCode}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> track(@PathVariable String trackingCode, @RequestParam(required = false) String email) {
        return tracking.find(trackingCode, email)
                .<ResponseEntity<?>>map(v -> ResponseEntity.ok(body(v)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, NOT_FOUND)));
    }

    private static Map<String, Object> body(TrackingView v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingCode", v.trackingCode());
        body.put("title", v.title());
        body.put("status", v.status());
        body.put("departmentCode", v.departmentCode());
        body.put("departmentName", v.departmentName());
        body.put("submittedAt", v.submittedAt());
        body.put("timeline", v.timeline().stream().map(t -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", t.status().name());
            entry.put("at", t.at());
            entry.put("note", t.note());
            return entry;
        }).toList());
        body.put("suggestions", Map.of(
                "cases", v.suggestions().cases(),
                "institutions", v.suggestions().institutions()));
        return body;
    }
}
