package kr.seoul.sane.infra.bench;

import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Realistic, varied Korean proposals: different organisations, fields, topics, places and lengths. Every proposal
 * has its own e-mail address and a title with a run-unique marker, so duplicate detection never fires and each
 * department mail can be matched to the proposal that caused it.
 */
final class ProposalFactory {

    record Topic(String field, String title, String body) {
    }

    private static final List<String> TYPES = List.of("COMPANY", "NONPROFIT", "UNIVERSITY", "PUBLIC_INSTITUTION",
            "INDIVIDUAL", "FOREIGN");
    private static final List<String> ORGANIZATIONS = List.of("(주)한빛에너지", "(사)지구반장", "미르내대학교 사회공헌단",
            "서울청년협동조합", "(재)나눔과동행", "한강로지스틱스", "푸른숲시민모임", "(주)다온푸드", "새봄사회적협동조합",
            "한국디지털포용연구소", "누리복지재단", "동네책방연합", "서울글로벌커뮤니티", "(주)하늘모빌리티", "마을학교네트워크");
    private static final List<String> DISTRICTS = List.of("종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구",
            "성북구", "강북구", "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
            "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구");
    private static final List<String> NAMES = List.of("김민준", "이서연", "박지호", "최수아", "정예준", "강하은", "조도윤",
            "윤지우", "장서준", "임하린");
    private static final List<Topic> TOPICS = List.of(
            new Topic("ENVIRONMENT_PARKS", "공원 플라스틱 줍기와 다회용기 캠페인",
                    "공원에서 시민과 함께 플라스틱 쓰레기를 줍고 매점과 다회용기 대여를 시범 운영하려고 합니다."),
            new Topic("ENVIRONMENT_PARKS", "초등학교 찾아가는 기후위기 수업",
                    "초등학교 5~6학년 교실을 찾아가 기후위기 수업과 가정 에너지 절약 실천 카드를 나누려 합니다."),
            new Topic("WELFARE", "홀몸 어르신 안부 확인과 반찬 나눔",
                    "혼자 사시는 어르신 댁을 매주 방문해 안부를 확인하고 직원들이 만든 반찬을 전달하겠습니다."),
            new Topic("WELFARE", "장애인 이동 보조 기기 기부",
                    "전동 휠체어 배터리와 이동 보조 기기를 기부하고 정비 봉사를 함께 하려고 합니다."),
            new Topic("EDUCATION", "청소년 코딩 멘토링",
                    "대학생 멘토가 중학생에게 주 1회 코딩과 진로 상담을 해 주는 멘토링 프로그램을 제안합니다."),
            new Topic("WOMEN_CHILD_YOUTH", "방과후 아동 돌봄 공간 지원",
                    "맞벌이 가정 아이들이 방과후에 머물 수 있도록 회사 공간과 간식, 돌봄 인력을 지원하겠습니다."),
            new Topic("CULTURE_TOURISM_SPORTS", "시민 단편영화 상영제",
                    "시민이 스마트폰으로 찍은 단편영화를 공모해 야외 상영회와 시상식을 열고자 합니다."),
            new Topic("HEALTH_MEDICAL", "무료 건강검진 버스 운영",
                    "의료진이 탄 검진 버스가 동네를 찾아가 혈압·혈당 검사와 건강 상담을 무료로 제공합니다."),
            new Topic("ECONOMY_JOBS", "경력 단절 여성 디지털 직무 교육",
                    "경력이 끊긴 여성에게 온라인 마케팅과 데이터 입력 직무 교육을 하고 협력 기업 채용과 연결하겠습니다."),
            new Topic("SAFETY_TRANSPORT", "어린이 보호구역 교통안전 캠페인",
                    "등하굣길 어린이 보호구역에서 교통안전 지도와 옐로카펫 설치를 함께 하려 합니다."),
            new Topic("HOUSING_URBAN", "노후 주택 집수리 봉사",
                    "저소득 가구의 노후 주택 단열과 도배, 전기 안전 점검을 임직원 봉사로 지원하겠습니다."),
            new Topic("DIGITAL", "어르신 스마트폰 활용 교실",
                    "어르신이 키오스크와 모바일 뱅킹을 익힐 수 있도록 복지관에서 스마트폰 교실을 열겠습니다."),
            new Topic("GOVERNANCE_COMMUNITY", "마을 공유 공구 도서관",
                    "주민이 공구를 빌려 쓰는 공유 공구 도서관을 만들고 수리 강좌를 함께 운영하고 싶습니다."),
            new Topic("INTERNATIONAL_REGIONAL", "외국인 주민 한국어 교실",
                    "외국인 주민과 유학생을 위한 한국어 교실과 생활 정보 안내 모임을 제안합니다."),
            new Topic(null, "기업 임직원 재능기부 협력",
                    "임직원 200명이 참여하는 재능기부 프로그램을 서울시와 함께 기획하고 싶습니다."));
    private static final List<String> DETAILS = List.of(
            "매달 둘째 주 토요일에 진행하며 참가자 모집과 홍보는 저희가 맡겠습니다.",
            "필요한 물품과 비용은 모두 저희가 부담하고 장소 협조만 부탁드립니다.",
            "활동 결과는 사진과 보고서로 정리해 공유하겠습니다.",
            "참여 인원은 회당 30명 정도로 예상하며 안전 교육을 먼저 하겠습니다.",
            "시범 운영 후 반응이 좋으면 다른 자치구로 넓혀 가고 싶습니다.",
            "관련 경험이 있는 전문가 3명이 자문을 맡아 주기로 했습니다.");

    private final ObjectMapper json = new ObjectMapper();
    private final String runId;

    ProposalFactory(String runId) {
        this.runId = runId;
    }

    /** The title of proposal {@code i}; unique within and across runs. */
    String title(int i) {
        Topic topic = topic(i);
        return DISTRICTS.get(i % DISTRICTS.size()) + " " + topic.title() + " [" + runId + "-" + i + "]";
    }

    String email(int i) {
        return "bench-" + runId + "-" + i + "@applicant.example";
    }

    String json(int i) {
        Random random = new Random(i * 31L + runId.hashCode());
        Topic topic = topic(i);
        String district = DISTRICTS.get(i % DISTRICTS.size());
        StringBuilder content = new StringBuilder()
                .append(district).append("에서 ").append(topic.body()).append(' ');
        int details = 1 + random.nextInt(DETAILS.size());
        for (int d = 0; d < details; d++) {
            content.append(DETAILS.get((i + d) % DETAILS.size())).append(' ');
        }
        ObjectNode node = json.createObjectNode()
                .put("organization", ORGANIZATIONS.get(random.nextInt(ORGANIZATIONS.size())))
                .put("organizationType", TYPES.get(random.nextInt(TYPES.size())))
                .put("contactName", NAMES.get(random.nextInt(NAMES.size())))
                .put("email", email(i))
                .put("phone", random.nextBoolean()
                        ? String.format("02-%04d-%04d", 2000 + random.nextInt(7000), random.nextInt(10000))
                        : String.format("010-%04d-%04d", 1000 + random.nextInt(9000), random.nextInt(10000)))
                .put("title", title(i))
                .put("content", content.toString().trim())
                .put("consent", true)
                .put("language", "ko");
        if (topic.field() == null || random.nextInt(5) == 0) {
            node.putNull("field");
        } else {
            node.put("field", topic.field());
        }
        return node.toString();
    }

    private static Topic topic(int i) {
        return TOPICS.get(Math.floorMod(i * 7 + i / TOPICS.size(), TOPICS.size()));
    }
}
