package kr.seoul.sane.proposal.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/ops/proposals}: the operators' list of proposals, newest first. */
@RestController
@Tag(name = "운영")
class OpsApiController {

    private static final int MAX_SIZE = 500;

    private final OpsProposals proposals;

    OpsApiController(OpsProposals proposals) {
        this.proposals = proposals;
    }

    @Operation(summary = "제안 목록 (운영자)", description = "최신순. 운영자(OPERATOR) 권한이 필요합니다.",
            security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "operator"))
    @ApiResponse(responseCode = "200", description = "제안 목록",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.OpsProposalPage.class)))
    @ErrorAnswers({400, 401})
    @GetMapping(path = "/api/ops/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> list(@Parameter(description = "상태로 거르기", schema = @Schema(implementation = ProposalStatus.class))
                           @RequestParam(required = false) String status,
                           @Parameter(description = "쪽 (0부터)", schema = @Schema(type = "integer", minimum = "0"))
                           @RequestParam(defaultValue = "0") String page,
                           @Parameter(description = "쪽당 건수 (500까지)",
                                   schema = @Schema(type = "integer", minimum = "1", maximum = "500"))
                           @RequestParam(defaultValue = "20") String size) {
        ProposalStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = ProposalStatus.parse(status.strip());
            if (filter == null) {
                return ResponseEntity.badRequest().body(ApiErrors.of("status",
                        "status는 SUBMITTED, TRIAGE, ROUTED 등 제안 상태 값 중 하나여야 합니다."));
            }
        }
        int p;
        int n;
        try {
            p = Integer.parseInt(page.strip());
            n = Integer.parseInt(size.strip());
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body(ApiErrors.of(null, "page와 size는 0 이상의 정수여야 합니다."));
        }
        if (p < 0 || n < 1) {
            return ResponseEntity.badRequest().body(ApiErrors.of(null, "page는 0 이상, size는 1 이상이어야 합니다."));
        }
        n = Math.min(n, MAX_SIZE);
        OpsProposals.Page found = proposals.page(filter, p, n);
        List<Map<String, Object>> items = found.items().stream().map(x -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", x.getId());
            item.put("trackingCode", x.getTrackingCode());
            item.put("title", x.getTitle());
            item.put("status", x.getStatus() == null ? null : x.getStatus().name());
            item.put("departmentCode", x.getDepartmentCode());
            item.put("submittedAt", x.getSubmittedAt());
            return item;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", found.total());
        return ResponseEntity.ok(body);
    }
}
