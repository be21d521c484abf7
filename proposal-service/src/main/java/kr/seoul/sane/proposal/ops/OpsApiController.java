package kr.seoul.sane.proposal.ops;

import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.model.Proposal;
import kr.seoul.sane.proposal.model.ProposalStatus;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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
class OpsApiController {

    private static final int MAX_SIZE = 500;

    private final MongoTemplate mongo;

    OpsApiController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping(path = "/api/ops/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> list(@RequestParam(required = false) String status,
                           @RequestParam(defaultValue = "0") String page,
                           @RequestParam(defaultValue = "20") String size) {
        Query query = new Query();
        if (status != null && !status.isBlank()) {
            ProposalStatus s = ProposalStatus.parse(status.strip());
            if (s == null) {
                return ResponseEntity.badRequest().body(ApiErrors.of("status",
                        "status는 SUBMITTED, TRIAGE, ROUTED 등 제안 상태 값 중 하나여야 합니다."));
            }
            query.addCriteria(Criteria.where("status").is(s));
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
        long total = mongo.count(query, Proposal.class);
        query.with(Sort.by(Sort.Direction.DESC, "submittedAt")).skip((long) p * n).limit(n);
        query.fields().include("_id", "trackingCode", "title", "status", "departmentCode", "submittedAt");
        List<Map<String, Object>> items = mongo.find(query, Proposal.class).stream().map(x -> {
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
        body.put("total", total);
        return ResponseEntity.ok(body);
    }
}
