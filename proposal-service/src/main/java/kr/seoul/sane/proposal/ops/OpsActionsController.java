package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.actions.ActionResponses;
import kr.seoul.sane.proposal.actions.StatusChangeService;
import kr.seoul.sane.proposal.department.LinkTokens;
import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.lifecycle.Actor;
import kr.seoul.sane.proposal.model.Proposal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator actions (HTTP Basic, role OPERATOR): the same lifecycle steps as a department, with actor
 * {@code OPERATOR}, and a fresh department link when the mailed one has expired.
 */
@RestController
class OpsActionsController {

    private final StatusChangeService changes;
    private final LinkTokens links;
    private final MongoTemplate mongo;
    private final Duration validity;

    OpsActionsController(StatusChangeService changes, LinkTokens links, MongoTemplate mongo,
                         @Value("${platform.links.validity-days:30}") long validityDays) {
        this.changes = changes;
        this.links = links;
        this.mongo = mongo;
        this.validity = Duration.ofDays(validityDays);
    }

    /** {@code {action, note, departmentCode?}} → {@code {id, trackingCode, previousStatus, status, departmentCode}}. */
    @PostMapping(path = "/api/ops/proposals/{id}/actions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> act(@PathVariable String id, @RequestBody JsonNode body) {
        Action action = Action.parse(body.path("action").isString() ? body.path("action").asString() : null);
        if (action == null || !Action.OPERATOR_ACTIONS.contains(action)) {
            return ActionResponses.error(HttpStatus.BAD_REQUEST, "action",
                    "처리 종류(action)는 START_REVIEW, ACCEPT, DECLINE, TRANSFER, REQUEST_INFO, START_DISCUSSION, "
                            + "COMPLETE, ASSIGN, NOT_A_PROPOSAL 중 하나여야 합니다.");
        }
        try {
            return ActionResponses.ok(changes.change(new StatusChangeService.Command(id, action, Actor.OPERATOR,
                    text(body, "note"), text(body, "departmentCode"), null)));
        } catch (RuntimeException e) {
            return ActionResponses.refused(e);
        }
    }

    /** A new link for the department in charge: {@code {path, departmentCode, expiresAt}}. */
    @GetMapping(path = "/api/ops/proposals/{id}/department-link", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> link(@PathVariable String id) {
        Proposal p = id.matches("^[A-Za-z0-9_-]{1,64}$") ? mongo.findById(id, Proposal.class) : null;
        if (p == null) {
            return ActionResponses.error(HttpStatus.NOT_FOUND, null, "제안을 찾을 수 없습니다.");
        }
        if (p.getDepartmentCode() == null) {
            return ActionResponses.error(HttpStatus.CONFLICT, null, "아직 담당부서가 배정되지 않은 제안입니다.");
        }
        Instant expires = Instant.now().plus(validity);
        String token = links.sign(p.getId(), p.getDepartmentCode(), expires, null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("path", "/department/proposals/" + p.getId() + "?token=" + token);
        answer.put("departmentCode", p.getDepartmentCode());
        answer.put("expiresAt", Instant.ofEpochSecond(expires.getEpochSecond()).toString());
        return ResponseEntity.ok(answer);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isString() ? v.asString() : null;
    }
}
