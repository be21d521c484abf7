package kr.seoul.sane.routing.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.routing.directory.DepartmentChange;
import kr.seoul.sane.routing.directory.DepartmentDirectoryService;
import kr.seoul.sane.routing.directory.DepartmentVersion;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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
 * The versioned department directory for operators (behind HTTP Basic): the departments in force, a change that
 * becomes the next version (who and since when), and the history of one department.
 */
@RestController
@RequestMapping("/api/ops/routing/departments")
@Tag(name = "부서 목록")
class DepartmentDirectoryController {

    private final DepartmentDirectoryService directory;

    DepartmentDirectoryController(DepartmentDirectoryService directory) {
        this.directory = directory;
    }

    @Operation(summary = "부서 목록", description = "분류기가 지금 쓰는 부서들 (각 부서의 최신 버전).",
            responses = {@ApiResponse(responseCode = "200", description = "부서 목록",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentList.class)))})
    @GetMapping
    Map<String, Object> departments() {
        List<Map<String, Object>> items = directory.current().stream().map(DepartmentDirectoryController::view).toList();
        return Map.of("items", items, "total", items.size());
    }

    @Operation(summary = "부서 이력", description = "한 부서의 모든 버전, 최신순 (누가 언제 바꿨는지). 404: 부서 목록에 없는 부서 코드 (field: code).",
            responses = {@ApiResponse(responseCode = "200", description = "부서의 버전들",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentHistory.class))),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND)})
    @GetMapping("/{code}/versions")
    ResponseEntity<Map<String, Object>> versions(@Parameter(description = "부서 코드", example = "RESOURCE_CIRCULATION")
                                                 @PathVariable String code) {
        if (!directory.exists(code)) {
            return unknown();
        }
        List<Map<String, Object>> items = directory.history(code).stream().map(DepartmentDirectoryController::view).toList();
        return ResponseEntity.ok(Map.of("code", code, "items", items, "total", items.size()));
    }

    @Operation(summary = "부서 정보 수정", description = "있는 부서만 고칠 수 있으며, 고친 내용은 다음 버전이 되어 분류기가 곧바로 씁니다. 400: 항목마다 한국어 "
            + "메시지. 404: 부서 목록에 없는 부서 코드 (field: code). 409: 다른 운영자가 같은 부서를 방금 수정함.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentEdit.class))),
            responses = {@ApiResponse(responseCode = "200", description = "새 버전",
                    content = @Content(schema = @Schema(implementation = RoutingApiSchemas.DepartmentView.class))),
                    @ApiResponse(responseCode = "400", ref = BAD_REQUEST),
                    @ApiResponse(responseCode = "404", ref = NOT_FOUND),
                    @ApiResponse(responseCode = "409", ref = CONFLICT)})
    @PutMapping("/{code}")
    ResponseEntity<Map<String, Object>> change(@Parameter(description = "부서 코드", example = "RESOURCE_CIRCULATION")
                                               @PathVariable String code,
                                               @RequestBody(required = false) DepartmentChange change,
                                               @Parameter(hidden = true) Principal operator) {
        if (!directory.exists(code)) {
            return unknown();
        }
        DepartmentDirectoryService.ChangeResult result = directory.change(code, change, operator.getName());
        if (result.version().isPresent()) {
            return ResponseEntity.ok(view(result.version().get()));
        }
        List<Map<String, Object>> errors = result.errors().stream().map(e -> {
            Map<String, Object> m = new HashMap<>();
            m.put("field", e.field());
            m.put("message", e.message());
            return m;
        }).toList();
        return ResponseEntity.status(result.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST)
                .body(Map.of("errors", errors));
    }

    private static ResponseEntity<Map<String, Object>> unknown() {
        Map<String, Object> e = new HashMap<>();
        e.put("field", "code");
        e.put("message", "부서 목록에 없는 부서 코드입니다. 부서 코드는 추가하거나 지울 수 없습니다.");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", List.of(e)));
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
        return m;
    }
}
