package kr.seoul.sane.catalog.transparency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The licence of the open data and what every published column means (Korean first, English second). */
final class OpenDataDictionary {

    static final String LICENSE_NAME = "공공누리 제1유형: 출처표시 (KOGL Type 1: Attribution)";
    static final String LICENSE_URL = "https://www.kogl.or.kr/info/licenseType1.do";
    static final String ATTRIBUTION = "출처: 서울특별시 서울사네 협력제안 창구 (Source: Seoul Metropolitan Government, 서울사네)";
    static final String LICENSE_TERMS = "출처를 밝히면 상업적 이용과 변경을 포함해 자유롭게 이용할 수 있습니다. "
            + "Free to use, also commercially and changed, with the source named.";

    /** One published column: its name, its file and its meaning. */
    record Column(String file, String name, String ko, String en) {
    }

    static final List<Column> COLUMNS = List.of(
            new Column("fields.csv", "field", "분야 코드 (UNSPECIFIED = 신청인이 분야를 고르지 않음)",
                    "field code (UNSPECIFIED = the applicant chose none)"),
            new Column("fields.csv", "fieldName", "분야 이름", "field name (Korean)"),
            new Column("fields.csv", "fieldNameEn", "분야 영문 이름", "field name (English)"),
            new Column("fields.csv", "count", "접수된 제안 수", "proposals submitted"),
            new Column("departments.csv", "code", "부서 코드", "department code"),
            new Column("departments.csv", "name", "부서의 현재 이름 (부서 목록의 이름, 폐지된 부서는 폐지 때의 이름)",
                    "the department's current name (as in the department directory; a retired one's last name)"),
            new Column("departments.csv", "received", "이 부서에 배정된 제안 수 (이관으로 받은 제안 포함, 제안마다 한 번)",
                    "proposals routed to the department (transfers included, each proposal once)"),
            new Column("departments.csv", "decided", "이 부서가 수락 또는 반려한 제안 수",
                    "proposals the department accepted or declined"),
            new Column("departments.csv", "accepted", "이 부서가 수락한 제안 수", "proposals the department accepted"),
            new Column("departments.csv", "acceptanceRate", "수락률 = accepted ÷ decided (결정이 없으면 빈 값)",
                    "acceptance rate = accepted ÷ decided (empty when nothing was decided)"),
            new Column("departments.csv", "medianBusinessDaysToFirstAnswer",
                    "배정부터 첫 답변(수락·반려·이관·추가정보 요청)까지 걸린 영업일의 중앙값 (주말·공휴일 제외; 답변이 없으면 빈 값)",
                    "median business days from routing to the first answer (accept, decline, transfer, information "
                            + "request; weekends and Korean public holidays skipped; empty when none)"),
            new Column("departments.csv", "overdue", "지금 답변 기한(배정 후 영업일 7일)을 넘긴 채 아무 조치가 없는 제안 수",
                    "proposals now past the answer deadline (7 business days after routing) without any action"),
            new Column("departments.csv", "retired", "폐지된 부서이면 true (그 부서가 받은 제안의 수치는 그대로 이 행에 남습니다)",
                    "true for a department that was retired (the figures of what it received stay in its own row)"),
            new Column("departments.csv", "successorCode", "폐지된 부서의 일을 넘겨받은 부서의 코드 (없으면 빈 값)",
                    "code of the department that took over from a retired one (empty when none)"),
            new Column("departments.csv", "successorName", "넘겨받은 부서의 현재 이름 (없으면 빈 값)",
                    "current name of that department (empty when none)"));

    private OpenDataDictionary() {
    }

    static Map<String, Object> license() {
        Map<String, Object> license = new LinkedHashMap<>();
        license.put("name", LICENSE_NAME);
        license.put("url", LICENSE_URL);
        license.put("attribution", ATTRIBUTION);
        license.put("terms", LICENSE_TERMS);
        return license;
    }
}
