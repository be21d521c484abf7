package kr.seoul.sane.routing.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.routing.directory.DepartmentChange;
import kr.seoul.sane.routing.directory.DepartmentDirectoryService;
import kr.seoul.sane.routing.directory.DepartmentDirectoryService.ChangeResult;
import kr.seoul.sane.routing.directory.DepartmentVersion;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static kr.seoul.sane.opssecurity.OpsApiDocumentation.BAD_REQUEST;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.CONFLICT;
import static kr.seoul.sane.opssecurity.OpsApiDocumentation.NOT_FOUND;

/**
 * The versioned department directory for operators (behind HTTP Basic; changes need the role ADMIN): the
 * departments (active and retired), adding, editing, merging and retiring one (each the next version: who, since
 * when, why), and the history of one department.
 */
@RestController
@RequestMapping("/api/ops/routing/departments")
@Tag(name = "부서 목록")
class DepartmentDirectoryController {

    private final DepartmentDirectoryService directory;

    DepartmentDirectoryController(DepartmentDirectoryService directory) {
        this.directory = directory;
    }

    @Operation(summary = "부서 목록", description = "모든 부서의 최신 버전: 지금 쓰이는 부서(status ACTIVE)와 폐지된 부서(RETIRED, 후임 부서 코드).",
            responses = {@ApiResponse(responseCode = "200", description = "부서 목록",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentList.class)))})
    @GetMapping
    Map<String, Object> departments() {
        List<Map<String, Object>> items = directory.current().stream().map(DepartmentDirectoryController::view).toList();
        return Map.of("items", items, "total", items.size());
    }

    @Operation(summary = "부서 이력", description = "한 부서의 모든 버전, 최신순 (누가 언제 왜 바꿨는지). 404: 부서 목록에 없는 부서 코드 (field: code).",
            responses = {@ApiResponse(responseCode = "200", description = "부서의 버전들",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentHistory.class))),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND)})
    @GetMapping("/{code}/versions")
    ResponseEntity<Map<String, Object>> versions(@Parameter(description = "부서 코드", example = "RESOURCE_CIRCULATION")
                                                 @PathVariable String code) {
        if (!directory.exists(code)) {
            Map<String, Object> e = new HashMap<>();
            e.put("field", "code");
            e.put("message", "부서 목록에 없는 부서 코드입니다.");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", List.of(e)));
        }
        List<Map<String, Object>> items = directory.history(code).stream().map(DepartmentDirectoryController::view).toList();
        return ResponseEntity.ok(Map.of("code", code, "items", items, "total", items.size()));
    }

    @Operation(summary = "부서 추가 또는 수정", description = "ADMIN. 없는 코드는 새 부서를 만들고(201), 있는 부서는 다음 버전이 됩니다(200). "
            + "분류기는 곧바로 새 버전을 쓰고, 바뀐 부서는 department.directory-changed 이벤트로 알립니다. 400: 항목마다 한국어 메시지 "
            + "(이름, 메일 주소, 담당 업무, 분야 코드, 코드 형식). 409: 폐지된 부서이거나 다른 운영자가 같은 부서를 방금 수정함.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentEdit.class))),
            responses = {@ApiResponse(responseCode = "200", description = "새 버전",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentView.class))),
                    @ApiResponse(responseCode = "201", description = "새 부서 (버전 1)",
                            content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentView.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PutMapping("/{code}")
    ResponseEntity<Map<String, Object>> change(@Parameter(description = "부서 코드", example = "RESOURCE_CIRCULATION")
                                               @PathVariable String code,
                                               @RequestBody(required = false) DepartmentChange change,
                                               @Parameter(hidden = true) Principal operator) {
        return answer(directory.upsert(code, change, operator.getName()));
    }

    @Operation(summary = "부서 추가", description = "ADMIN. 새 코드로 부서를 만듭니다(201). 409: 이미 있거나 폐지된 코드. 400: 항목마다 한국어 메시지.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentNew.class))),
            responses = {@ApiResponse(responseCode = "201", description = "새 부서 (버전 1)",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentView.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) NewDepartment body,
                                               @Parameter(hidden = true) Principal operator) {
        return body == null ? answer(directory.create(null, null, operator.getName()))
                : answer(directory.create(body.code(), body.change(), operator.getName()));
    }

    @Operation(summary = "부서 통합", description = "ADMIN. 부서를 다른 부서에 통합합니다: 이 부서는 폐지되고(후임 = into), 후임 부서가 이 부서의 "
            + "핵심어를 넘겨받아 그 주제의 제안을 받습니다. 400: 자기 자신, 폐지된 부서나 없는 부서로의 통합, 사유 없음. 404: 없는 부서. 409: 이미 폐지됨.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentMerge.class))),
            responses = {@ApiResponse(responseCode = "200", description = "폐지된 부서와 후임 부서의 새 버전",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentList.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PostMapping("/{code}/merge")
    ResponseEntity<Map<String, Object>> merge(@Parameter(description = "통합되어 없어질 부서 코드", example = "AIR_QUALITY")
                                              @PathVariable String code,
                                              @RequestBody(required = false) MergeRequest body,
                                              @Parameter(hidden = true) Principal operator) {
        MergeRequest m = body == null ? new MergeRequest(null, null) : body;
        return answer(directory.merge(code, m.into(), m.reason(), operator.getName()));
    }

    @Operation(summary = "부서 폐지", description = "ADMIN. 부서를 폐지합니다: 더는 제안을 받지 않고, 열린 제안은 successor 부서로 넘어갑니다 "
            + "(department.directory-changed, status RETIRED). 400: successor가 자기 자신이거나 폐지·없는 부서, 사유 없음. 404: 없는 부서. 409: 이미 폐지됨.",
            responses = {@ApiResponse(responseCode = "200", description = "폐지된 부서의 새 버전",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentView.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @DeleteMapping("/{code}")
    ResponseEntity<Map<String, Object>> retire(@Parameter(description = "폐지할 부서 코드", example = "AIR_QUALITY")
                                               @PathVariable String code,
                                               @Parameter(description = "열린 제안을 넘겨받을 부서 코드", example = "CLIMATE_ENV")
                                               @RequestParam(required = false) String successor,
                                               @Parameter(description = "폐지 사유 (500자 이하)", example = "2027년 조직 개편")
                                               @RequestParam(required = false) String reason,
                                               @Parameter(hidden = true) Principal operator) {
        return answer(directory.retire(code, successor, reason, operator.getName()));
    }

    /** The body of {@code POST /api/ops/routing/departments}: the new code and the department's content. */
    record NewDepartment(String code, String name, String email, String office, List<String> fields,
                         String responsibilities, String keywords, String notFor, String aliases, String reason) {

        DepartmentChange change() {
            return new DepartmentChange(name, email, office, fields, responsibilities, keywords, notFor, aliases, reason);
        }
    }

    /** The body of a merge: the department that takes over, and why. */
    record MergeRequest(String into, String reason) {
    }

    /** 200/201 with the stored version (or versions), else the errors with 400, 404 or 409. */
    static ResponseEntity<Map<String, Object>> answer(ChangeResult result) {
        if (result.problem() == DepartmentDirectoryService.Problem.NONE) {
            HttpStatus status = result.created() ? HttpStatus.CREATED : HttpStatus.OK;
            if (result.versions().size() == 1) {
                return ResponseEntity.status(status).body(view(result.versions().getFirst()));
            }
            List<Map<String, Object>> items = result.versions().stream().map(DepartmentDirectoryController::view).toList();
            return ResponseEntity.status(status).body(Map.of("items", items, "total", items.size()));
        }
        List<Map<String, Object>> errors = result.errors().stream().map(e -> {
            Map<String, Object> m = new HashMap<>();
            m.put("field", e.field());
            m.put("message", e.message());
            return m;
        }).toList();
        HttpStatus status = switch (result.problem()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
        return ResponseEntity.status(status).body(Map.of("errors", errors));
    }

    private static Map<String, Object> view(DepartmentVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", v.code());
        m.put("name", v.name());
        m.put("office", v.office());
        m.put("email", v.email());
        m.put("fields", v.fields());
        m.put("responsibilities", v.responsibilities());
        m.put("notFor", v.notFor());
        m.put("keywords", v.keywords());
        m.put("aliases", v.aliases());
        m.put("version", v.version());
        m.put("effectiveFrom", v.effectiveFrom());
        m.put("changedBy", v.changedBy());
        m.put("change", v.changeOrDefault().name());
        m.put("status", v.active() ? "ACTIVE" : "RETIRED");
        m.put("successorCode", v.successorCode());
        m.put("reason", v.reason());
        return m;
    }
}
