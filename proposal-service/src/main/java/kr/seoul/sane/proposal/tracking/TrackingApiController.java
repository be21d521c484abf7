package kr.seoul.sane.proposal.tracking;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/proposals/{trackingCode}?email=}: status, department, timeline and suggestions. */
@RestController
@Tag(name = "진행상황")
class TrackingApiController {

    static final String NOT_FOUND = TrackingService.NOT_FOUND;

    private final TrackingService tracking;
    private final StatusChangeService changes;

    TrackingApiController(TrackingService tracking, StatusChangeService changes) {
        this.tracking = tracking;
        this.changes = changes;
    }

    @Operation(summary = "진행상황 조회", description = "접수번호와 제안할 때 쓴 이메일이 모두 맞아야 보여 줍니다.")
    @ApiResponse(responseCode = "200", description = "상태, 담당부서, 진행 기록, 추천 협력사례·협력기관",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.TrackingResult.class)))
    @ErrorAnswers({404})
    @GetMapping(path = "/api/proposals/{trackingCode}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> track(@Parameter(description = "접수번호", example = "SN-7K2F-9QXD-4MHT") @PathVariable String trackingCode,
                            @Parameter(description = "제안할 때 쓴 이메일", required = true, example = "seoyeon@example.org")
                            @RequestParam(required = false) String email) {
        return tracking.find(trackingCode, email)
                .<ResponseEntity<?>>map(v -> ResponseEntity.ok(body(v)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, NOT_FOUND)));
    }

    /** The applicant answers an information request: {@code {email, answer}} → the new status. */
    @Operation(summary = "추가정보 요청에 답변", description = "담당부서가 추가정보를 요청한 제안(INFO_REQUESTED)에만 답할 수 "
            + "있습니다. 답변하면 상태가 검토 중(IN_REVIEW)으로 돌아갑니다.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ApiSchemas.AnswerRequest.class))))
    @ApiResponse(responseCode = "200", description = "답변이 전달됨",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ActionResult.class)))
    @ErrorAnswers({400, 404, 409, 415})
    @PostMapping(path = "/api/proposals/{trackingCode}/answer", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> answer(@Parameter(description = "접수번호") @PathVariable String trackingCode,
                                  @RequestBody JsonNode body) {
        String email = body.path("email").isString() ? body.path("email").asString() : null;
        JsonNode answer = body.path("answer");
        if (!answer.isString() && !answer.isMissingNode() && !answer.isNull()) {
            return ActionResponses.error(HttpStatus.BAD_REQUEST, "answer", "답변은 글자로 보내 주세요.");
        }
        var proposal = tracking.authenticate(trackingCode, email);
        if (proposal.isEmpty()) {
            return ActionResponses.error(HttpStatus.NOT_FOUND, null, NOT_FOUND);
        }
        try {
            return ActionResponses.ok(changes.change(new StatusChangeService.Command(proposal.get().getId(),
                    Action.ANSWER, Actor.APPLICANT, answer.isString() ? answer.asString() : null, null, null)));
        } catch (RuntimeException e) {
            return ActionResponses.refused(e);
        }
    }

    /** 개인정보 삭제 요청: what it does and how to ask for it. */
    private static Map<String, Object> erasureOffer(String trackingCode) {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("title", "개인정보 삭제 요청");
        offer.put("deleted", List.of("담당자 이름", "이메일", "연락처", "첨부파일"));
        offer.put("kept", List.of("기관명", "제목", "제안내용", "진행 기록 (통계용)"));
        offer.put("explanation", "확인 코드를 제안서의 이메일로 받아 입력하면 담당자 이름, 이메일, 연락처와 첨부파일이 삭제됩니다. "
                + "처리 중인 제안은 담당부서가 더 이상 답할 수 없으므로 신청 철회됩니다. 삭제는 되돌릴 수 없고, "
                + "이후에는 이 접수번호와 이메일로 조회할 수 없습니다.");
        offer.put("request", "POST /api/proposals/" + trackingCode + "/erasure {email}");
        offer.put("confirm", "POST /api/proposals/" + trackingCode + "/erasure/confirm {email, code}");
        return offer;
    }

    private static Map<String, Object> body(TrackingView v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingCode", v.trackingCode());
        body.put("title", v.title());
        body.put("status", v.status());
        body.put("departmentCode", v.departmentCode());
        body.put("departmentName", v.departmentName());
        body.put("supportingDepartments", v.supportingDepartments());
        body.put("submittedAt", v.submittedAt());
        body.put("timeline", v.timeline().stream().map(t -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            // an entry without a status change (e.g. the department mail delivered): status null, event and label
            entry.put("status", t.status() == null ? null : t.status().name());
            entry.put("at", t.at());
            entry.put("note", t.note());
            entry.put("actor", t.actor());
            if (t.event() != null) {
                entry.put("event", t.event().name());
                entry.put("label", t.event().label());
            }
            return entry;
        }).toList());
        // the department's open question, answered with POST /api/proposals/{trackingCode}/answer
        String question = null;
        if ("INFO_REQUESTED".equals(v.status())) {
            for (var t : v.timeline()) {
                if (t.status() == ProposalStatus.INFO_REQUESTED) {
                    question = t.note();
                }
            }
        }
        body.put("question", question);
        body.put("suggestions", Map.of(
                "cases", v.suggestions().cases(),
                "institutions", v.suggestions().institutions()));
        body.put("erasure", erasureOffer(v.trackingCode()));
        return body;
    }
}
