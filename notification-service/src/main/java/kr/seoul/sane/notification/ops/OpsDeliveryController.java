package kr.seoul.sane.notification.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.notification.delivery.Delivery;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.CONFLICT;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/** Operators see deliveries by status (failed ones first of all) and resend a failed one. */
@RestController
@RequestMapping("/api/ops/deliveries")
@Tag(name = "메일 발송")
class OpsDeliveryController {

    private final DeliveryStore store;
    private final DeliveryResend resend;

    OpsDeliveryController(DeliveryStore store, DeliveryResend resend) {
        this.store = store;
        this.resend = resend;
    }

    @Operation(summary = "발송 기록 (상태별)", description = "한 상태의 발송 기록, 쪽 단위. 400: 알 수 없는 status (field: status).",
            responses = {@ApiResponse(responseCode = "200", description = "발송 기록",
                    content = @Content(schema = @Schema(implementation = NotificationApiSchemas.DeliveryPage.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)})
    @GetMapping
    ResponseEntity<?> list(@Parameter(description = "발송 상태 (대소문자 구분 없음)",
                                   schema = @Schema(implementation = DeliveryStatus.class, defaultValue = "FAILED"))
                           @RequestParam(defaultValue = "FAILED") String status,
                           @Parameter(description = "쪽 (0부터; 음수는 0으로)", schema = @Schema(minimum = "0"))
                           @RequestParam(defaultValue = "0") int page,
                           @Parameter(description = "쪽당 건수 (1–500 밖의 값은 가장 가까운 끝으로)",
                                   schema = @Schema(minimum = "1", maximum = "500", defaultValue = "50"))
                           @RequestParam(defaultValue = "50") int size) {
        DeliveryStatus wanted;
        try {
            wanted = DeliveryStatus.valueOf(status.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(error("status",
                    "status는 " + Arrays.toString(DeliveryStatus.values()) + " 중 하나여야 합니다."));
        }
        int pageSize = Math.clamp(size, 1, 500);
        List<Map<String, Object>> items = store.findByStatus(wanted, Math.max(page, 0), pageSize).stream()
                .map(OpsDeliveryController::view).toList();
        return ResponseEntity.ok(Map.of("items", items, "total", store.countByStatus(wanted)));
    }

    @Operation(summary = "실패한 메일 다시 보내기", description = "실패(FAILED)한 발송을 RETRY로 바꿔 곧 다시 보냅니다. 404: 발송 기록이 없음. 409: "
            + "실패(FAILED) 상태가 아님.",
            responses = {@ApiResponse(responseCode = "202", description = "다시 보내기로 함",
                    content = @Content(schema = @Schema(implementation = NotificationApiSchemas.Resend.class))),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PostMapping("/{id}/resend")
    ResponseEntity<?> resend(@Parameter(description = "발송 기록 id") @PathVariable String id) {
        switch (resend.resend(id)) {
            case UNKNOWN -> {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error(null, "해당 발송 기록이 없습니다."));
            }
            case NOT_FAILED -> {
                return ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(error(null, "실패(FAILED) 상태인 발송만 다시 보낼 수 있습니다."));
            }
            case REQUEUED -> { }
        }
        return ResponseEntity.accepted().body(Map.of("id", id, "status", DeliveryStatus.RETRY.name()));
    }

    private static Map<String, Object> view(Delivery d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("proposalId", d.proposalId());
        view.put("template", d.template());
        view.put("recipientRole", d.recipientRole());
        view.put("departmentCode", d.departmentCode());
        view.put("recipient", mask(d.recipient()));
        view.put("status", d.status());
        view.put("attempts", d.attempts());
        view.put("createdAt", d.createdAt());
        view.put("nextAttemptAt", d.nextAttemptAt());
        view.put("sentAt", d.sentAt());
        view.put("lastError", d.lastError());
        view.put("permanentFailure", d.permanentFailure());
        view.put("fallbackDeliveryId", d.fallbackDeliveryId());
        return view;
    }

    /** s***@example.org: enough to recognise, not to harvest. */
    static String mask(String address) {
        if (address == null) {
            return null;
        }
        int at = address.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    private static Map<String, Object> error(String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return Map.of("errors", List.of(error));
    }
}
