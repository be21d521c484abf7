package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import kr.seoul.sane.catalog.transparency.TransparencySummary.FieldCount;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open data (공공데이터): the transparency figures as JSON and as CSV (UTF-8 with BOM, so that a spreadsheet opens
 * Korean correctly; header row). Only counts, rates and medians per field, month and department: never a name,
 * e-mail, phone, organisation or proposal text.
 */
@RestController
@RequestMapping("/api/open-data")
class OpenDataController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();

    private final TransparencySnapshots snapshots;

    OpenDataController(TransparencySnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Operation(summary = "처리 현황 공개 데이터 (JSON)", description = "제안 수(분야별, 월별), 자동 배정 비율, 부서별 접수 · 결정 · "
            + "수락률 · 첫 답변까지 걸린 영업일 중앙값 · 기한 넘김. 부서는 현재 부서 목록의 이름으로, 폐지된 부서는 retired와 "
            + "넘겨받은 부서(successorCode, successorName)와 함께 그대로 나옵니다. 개인정보와 제안 내용은 없습니다. "
            + "공공누리 제1유형 출처표시.")
    @GetMapping(value = "/summary.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> summary() {
        TransparencySummary s = snapshots.summary();
        Map<String, Object> proposals = new LinkedHashMap<>();
        proposals.put("total", s.proposals().total());
        proposals.put("byField", s.proposals().byField());
        proposals.put("byMonth", s.proposals().byMonth());
        proposals.put("autoRoutedShare", s.proposals().autoRoutedShare());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", s.generatedAt().toString());
        body.put("period", s.period());
        body.put("license", OpenDataDictionary.license());
        body.put("proposals", proposals);
        body.put("departments", s.departments());
        body.put("columns", OpenDataDictionary.COLUMNS);
        return ResponseEntity.ok().cacheControl(CACHE).body(body);
    }

    @Operation(summary = "부서별 처리 현황 (CSV)", description = "UTF-8 (BOM), 머리글 행. summary.json의 departments와 같은 표.")
    @GetMapping(value = "/departments.csv", produces = "text/csv")
    ResponseEntity<byte[]> departments() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("code", "name", "received", "decided", "accepted", "acceptanceRate",
                "medianBusinessDaysToFirstAnswer", "overdue", "retired", "successorCode", "successorName"));
        for (DepartmentFigures d : snapshots.summary().departments()) {
            rows.add(java.util.Arrays.asList(d.code(), d.name(), d.received(), d.decided(), d.accepted(),
                    d.acceptanceRate(), d.medianBusinessDaysToFirstAnswer(), d.overdue(), d.retired(),
                    d.successorCode(), d.successorName()));
        }
        return csv("departments.csv", rows);
    }

    @Operation(summary = "분야별 제안 수 (CSV)", description = "UTF-8 (BOM), 머리글 행. summary.json의 proposals.byField와 같은 표.")
    @GetMapping(value = "/fields.csv", produces = "text/csv")
    ResponseEntity<byte[]> fields() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("field", "fieldName", "fieldNameEn", "count"));
        for (FieldCount f : snapshots.summary().proposals().byField()) {
            CooperationField field = CooperationField.fromCode(f.field()).orElse(null);
            rows.add(List.of(f.field(), field == null ? "모름" : field.koreanName(),
                    field == null ? "not specified" : field.englishName(), f.count()));
        }
        return csv("fields.csv", rows);
    }

    private static ResponseEntity<byte[]> csv(String filename, List<List<Object>> rows) {
        return ResponseEntity.ok().contentType(CSV).cacheControl(CACHE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(CsvTable.utf8WithBom(rows));
    }
}
