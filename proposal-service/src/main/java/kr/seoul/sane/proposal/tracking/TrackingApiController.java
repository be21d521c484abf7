package kr.seoul.sane.proposal.tracking;

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
class TrackingApiController {

    static final String NOT_FOUND = TrackingService.NOT_FOUND;

    private final TrackingService tracking;
    private final StatusChangeService changes;

    TrackingApiController(TrackingService tracking, StatusChangeService changes) {
        this.tracking = tracking;
        this.changes = changes;
    }

    @GetMapping(path = "/api/proposals/{trackingCode}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> track(@PathVariable String trackingCode, @RequestParam(required = false) String email) {
        return tracking.find(trackingCode, email)
                .<ResponseEntity<?>>map(v -> ResponseEntity.ok(body(v)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, NOT_FOUND)));
    }

    /** The applicant answers an information request: {@code {email, answer}} → the new status. */
    @PostMapping(path = "/api/proposals/{trackingCode}/answer", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> answer(@PathVariable String trackingCode, @RequestBody JsonNode body) {
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
