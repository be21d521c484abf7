package kr.seoul.sane.routing.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.routing.classifier.DepartmentDirectory;
import kr.seoul.sane.routing.decision.OperatorCommands;
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

import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.CONFLICT;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/** Operators' routing API (behind HTTP Basic): the triage queue, one-click reassignment and "not a proposal". */
@RestController
@RequestMapping("/api/ops/routing")
@Tag(name = "분류·배정")
class OperatorRoutingController {

    record AssignRequest(String departmentCode) {
    }

    record NotAProposalRequest(String reason) {
    }

    static final int MAX_REASON = 500;

    private final OperatorCommands commands;
    private final DepartmentDirectory directory;

    OperatorRoutingController(OperatorCommands commands, DepartmentDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @Operation(summary = "분류 대기 제안 목록", description = "분류기가 확신하지 못했거나 제안이 아닐 수 있어 운영자를 기다리는 제안, 후보 부서와 점수와 함께.",
            responses = {@ApiResponse(responseCode = "200", description = "분류 대기 제안",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.TriageQueue.class)))})
    @GetMapping("/triage")
    Map<String, Object> triage() {
        List<Map<String, Object>> items = commands.triageQueue().stream().map(d -> {
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

    @Operation(summary = "담당부서 배정", description = "운영자가 정한 부서로 배정하고 proposal.routed를 냅니다 (분류기의 학습 예시도 됨). 400: 부서 "
            + "코드가 부서 목록에 없음 (field: departmentCode). 404: 배정 기록이 없는 제안. 409: 신청인이 철회한 제안.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentAssignment.class))),
            responses = {@ApiResponse(responseCode = "200", description = "배정됨",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.Assigned.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PostMapping("/{proposalId}/assign")
    ResponseEntity<Map<String, Object>> assign(@Parameter(description = "제안 id") @PathVariable String proposalId,
                                               @RequestBody AssignRequest request) {
        String code = request == null ? null : request.departmentCode();
        if (!directory.contains(code)) {
            return error(HttpStatus.BAD_REQUEST, "departmentCode", "부서 코드가 부서 목록에 없습니다. departments.json의 code 값을 보내 주세요.");
        }
        return commands.assign(proposalId, code)
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
    @Operation(summary = "'협력제안 아님'으로 판단", description = "proposal.triaged(NOT_A_PROPOSAL)와 운영자의 이유를 냅니다 (글은 '제안 "
            + "아님' 예시로 학습됨). 400: 이유가 없거나 500자를 넘음 (field: reason). 404: 배정 기록이 없는 제안. 409: 신청인이 철회한 제안.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.NotAProposalVerdict.class))),
            responses = {@ApiResponse(responseCode = "200", description = "판단이 기록됨",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.NotAProposalResult.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PostMapping("/{proposalId}/not-a-proposal")
    ResponseEntity<Map<String, Object>> notAProposal(@Parameter(description = "제안 id") @PathVariable String proposalId,
                                                     @RequestBody(required = false) NotAProposalRequest request,
                                                     @Parameter(hidden = true) Principal operator) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            return error(HttpStatus.BAD_REQUEST, "reason",
                    "제안이 아니라고 판단한 이유를 1자 이상 " + MAX_REASON + "자 이하로 적어 주세요. 신청자 안내에 쓰입니다.");
        }
        return commands.markNotAProposal(proposalId, reason, operator.getName())
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
