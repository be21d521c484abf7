package kr.seoul.sane.routing.ops;

import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import kr.seoul.sane.routing.decision.ProposalRouter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Operators' routing API (behind HTTP Basic): the triage queue, one-click reassignment and "not a proposal". */
@RestController
@RequestMapping("/api/ops/routing")
class OperatorRoutingController {

    record AssignRequest(String departmentCode) {
    }

    record NotAProposalRequest(String reason) {
    }

    static final int MAX_REASON = 500;

    private final ProposalRouter router;
    private final DepartmentDirectory directory;

    OperatorRoutingController(ProposalRouter router, DepartmentDirectory directory) {
        this.router = router;
        this.directory = directory;
    }

    @GetMapping("/triage")
    Map<String, Object> triage() {
        List<Map<String, Object>> items = router.triageQueue().stream().map(d -> {
            Map<String, Object> item = new HashMap<>();
            item.put("proposalId", d.proposalId());
            item.put("trackingCode", d.trackingCode());
            item.put("title", d.proposal() == null ? null : d.proposal().get("title"));
            item.put("reasonCode", d.triageReason());
            item.put("reason", d.triageExplanation());
            item.put("confidence", d.confidence());
            item.put("candidates", d.candidates());
            item.put("decidedAt", d.decidedAt());
            return item;
        }).toList();
        return Map.of("items", items, "total", items.size());
    }

    @PostMapping("/{proposalId}/assign")
    ResponseEntity<Map<String, Object>> assign(@PathVariable String proposalId, @RequestBody AssignRequest request) {
        String code = request == null ? null : request.departmentCode();
        if (!directory.contains(code)) {
            return error(HttpStatus.BAD_REQUEST, "departmentCode", "부서 코드가 부서 목록에 없습니다. departments.json의 code 값을 보내 주세요.");
        }
        return router.assign(proposalId, code)
                .<ResponseEntity<Map<String, Object>>>map(d -> ResponseEntity.ok(Map.of(
                        "proposalId", d.proposalId(),
                        "departmentCode", d.departmentCode(),
                        "routedBy", d.routedBy())))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, null, "배정 기록이 없는 제안입니다."));
    }

    /**
     * The operator's verdict "not a proposal": {@code proposal.triaged} with reasonCode NOT_A_PROPOSAL and the
     * operator's reason is published (proposal-service and notification-service react to it), and the text is
     * learned as a negative example.
     */
    @PostMapping("/{proposalId}/not-a-proposal")
    ResponseEntity<Map<String, Object>> notAProposal(@PathVariable String proposalId,
                                                     @RequestBody(required = false) NotAProposalRequest request,
                                                     Principal operator) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            return error(HttpStatus.BAD_REQUEST, "reason",
                    "제안이 아니라고 판단한 이유를 1자 이상 " + MAX_REASON + "자 이하로 적어 주세요. 신청자 안내에 쓰입니다.");
        }
        return router.markNotAProposal(proposalId, reason, operator.getName())
                .<ResponseEntity<Map<String, Object>>>map(d -> ResponseEntity.ok(Map.of(
                        "proposalId", d.proposalId(),
                        "outcome", d.outcome().name(),
                        "reasonCode", d.triageReason(),
                        "reason", d.triageExplanation())))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, null, "배정 기록이 없는 제안입니다."));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String field, String message) {
        Map<String, Object> e = new HashMap<>();
        e.put("field", field);
        e.put("message", message);
        return ResponseEntity.status(status).body(Map.of("errors", List.of(e)));
    }

}
