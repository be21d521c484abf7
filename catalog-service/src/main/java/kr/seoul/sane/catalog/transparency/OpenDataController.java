package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.transparency.TransparencySummary.DepartmentFigures;
import kr.seoul.sane.catalog.transparency.TransparencySummary.FieldCount;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    @GetMapping("/departments.csv")
    ResponseEntity<byte[]> departments() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("code", "name", "received", "decided", "accepted", "acceptanceRate",
                "medianBusinessDaysToFirstAnswer", "overdue"));
        for (DepartmentFigures d : snapshots.summary().departments()) {
            rows.add(java.util.Arrays.asList(d.code(), d.name(), d.received(), d.decided(), d.accepted(),
                    d.acceptanceRate(), d.medianBusinessDaysToFirstAnswer(), d.overdue()));
        }
        return csv("departments.csv", rows);
    }

    @GetMapping("/fields.csv")
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
