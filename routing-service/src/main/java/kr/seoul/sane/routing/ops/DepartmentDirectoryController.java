package kr.seoul.sane.routing.ops;

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

/**
 * The versioned department directory for operators (behind HTTP Basic): the departments in force, a change that
 * becomes the next version (who and since when), and the history of one department.
 */
@RestController
@RequestMapping("/api/ops/routing/departments")
class DepartmentDirectoryController {

    private final DepartmentDirectoryService directory;

    DepartmentDirectoryController(DepartmentDirectoryService directory) {
        this.directory = directory;
    }

    @GetMapping
    Map<String, Object> departments() {
        List<Map<String, Object>> items = directory.current().stream().map(DepartmentDirectoryController::view).toList();
        return Map.of("items", items, "total", items.size());
    }

    @GetMapping("/{code}/versions")
    ResponseEntity<Map<String, Object>> versions(@PathVariable String code) {
        if (!directory.exists(code)) {
            return unknown();
        }
        List<Map<String, Object>> items = directory.history(code).stream().map(DepartmentDirectoryController::view).toList();
        return ResponseEntity.ok(Map.of("code", code, "items", items, "total", items.size()));
    }

    @PutMapping("/{code}")
    ResponseEntity<Map<String, Object>> change(@PathVariable String code,
                                               @RequestBody(required = false) DepartmentChange change,
                                               Principal operator) {
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
