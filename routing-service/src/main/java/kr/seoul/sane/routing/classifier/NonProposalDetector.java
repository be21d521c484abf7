package kr.seoul.sane.routing.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of the non-proposal detection (협력 제안이 아닌 글): empty or test input, spam, abuse, a personal
 * civil complaint that belongs to 응답소, a job application, a bare sales pitch, a copied news article. Rules are phrase cues weighed
 * against cues of cooperation, so a real proposal that mentions a price or a problem still passes.
 */
final class NonProposalDetector {

    /**
     * A rule that fired. Hard findings (test input, empty text, abuse, spam) send the text to triage on their own;
     * the cue findings (complaint, job application, sales pitch, news) are one input of the trained
     * {@link NonProposalModel}, which weighs them against what it learned from labelled texts.
     */
    record Finding(String kind, String explanation) {

        boolean hard() {
            return switch (kind) {
                case "test", "empty", "abuse", "spam" -> true;
                default -> false;
            };
        }
    }

    private static final List<String> PLACEHOLDER = compact(
            "추후작성", "추후기재", "나중에작성", "내용없음", "테스트입니다", "테스트용", "무시하세요", "배정하지마세요",
            "[test]", "loremipsum", "testtest", "테스트제출", "전송확인");
    private static final List<String> SPAM = compact(
            "대출", "당일입금", "무직자", "신용등급", "연체자", "수신거부", "카톡상담", "카지노", "토토", "도박", "고수익",
            "원금보장", "수익보장", "비트코인", "암호화폐", "코인투자", "성인용", "즉시입금", "★", "usdt", "crypto",
            "guaranteedreturn", "monthlyreturn", "telegram", "whatsapp", "casino", "loan", "bitcoin", "clickhere",
            "investmentopportunity", "limitedslots");
    private static final List<String> ABUSE = List.of(
            "가만안둔다", "가만 안둔다", "가만 안 둔다", "죽여버", "xxx들", "씨발", "개새끼", "꺼져", "병신", "담당자 나와", "인터넷에 다 올릴");
    private static final List<String> COMPLAINT = compact(
            "환불", "고장", "신고합니다", "민원", "빨리", "메워", "고쳐주", "처리해주", "어떻게하나요", "어디로신청",
            "알려주세요", "받을수있나요", "주실수있을까요", "해주세요", "억울", "과태료", "층간소음", "악취", "구멍",
            "파손", "분실", "문의", "답변바랍니다", "왜안되", "불친절", "제가", "저희집", "우리집", "월세", "생활비",
            "refund", "complaint", "pothole", "how do i");
    private static final List<String> JOB = compact(
            "이력서", "자기소개서", "입사지원", "지원동기", "채용공고를보고", "채용해주", "일하고싶습니다", "취직",
            "resume", "coverletter", "curriculumvitae", "applyfortheposition", "jobapplication");
    private static final List<String> SALES = compact(
            "특가", "정가", "단가", "견적", "할인", "구매", "납품", "조달등록", "조달청", "카탈로그", "대당", "설치무료",
            "공급안내", "가격", "판매", "구입", "만원", "price", "discount", "quotation", "purchase", "catalogue",
            "catalog");
    /** Reported speech and news labels: a copied article reports what others said, a proposal offers. */
    private static final List<String> NEWS = compact(
            "밝혔다", "말했다", "전했다", "에 따르면", "나타났다", "발령됐다", "기록했다", "시행된다", "당부했다",
            "것으로 알려졌다", "라고 밝", "했다고", "예정이다", "확인됐다", "반발했다", "설명했다", "보도자료",
            "[기사]", "[뉴스]", "연합뉴스", "뉴시스", "(yonhap)", "said", "according to", "announced");
    private static final List<String> COOPERATION = compact(
            "협력", "제안", "함께", "후원", "기부", "봉사", "프로그램", "캠페인", "운영하", "추진", "참여", "모집",
            "제공하겠", "협조", "공동", "지원하겠", "기획", "행사", "교육", "무료로", "재능", "나눔", "시민", "자원봉사",
            "partner", "together", "volunteer", "program", "cooperat", "collaborat", "donat", "campaign",
            "workshop", "pilot");

    /** The lists matched in the text without whitespace, in this order. */
    private static final CueLists COMPACT_CUES = new CueLists(List.of(PLACEHOLDER, COOPERATION, SPAM, JOB, COMPLAINT,
            SALES, NEWS));
    private static final int PLACEHOLDERS = 0;
    private static final int COOPERATIONS = 1;
    private static final int SPAMS = 2;
    private static final int JOBS = 3;
    private static final int COMPLAINTS = 4;
    private static final int SALES_CUES = 5;
    private static final int NEWS_CUES = 6;
    /** Abuse is matched in the text with its spaces. */
    private static final CueLists ABUSE_CUES = new CueLists(List.of(ABUSE));

    Optional<Finding> detect(ProposalText p, int meaningfulTerms) {
        char[] text = lowerCased(p.title(), p.content());
        char[] compact = new char[text.length];
        int compactLength = withoutWhitespace(text, compact);
        int[] cues = COMPACT_CUES.count(compact, compactLength);
        String content = p.content().strip();
        if (cues[PLACEHOLDERS] > 0) {
            return Optional.of(new Finding("test", "시험 입력이거나 내용을 나중에 쓰겠다는 빈 제출입니다."));
        }
        if (content.length() < 20 || meaningfulTerms < 3) {
            return Optional.of(new Finding("empty", "내용이 거의 없거나 의미 있는 낱말을 찾을 수 없습니다."));
        }
        int coop = cues[COOPERATIONS];
        if (ABUSE_CUES.count(text, text.length)[0] > 0) {
            return Optional.of(new Finding("abuse", "욕설이나 위협이 담긴 글로, 협력 제안이 아닙니다."));
        }
        int spam = cues[SPAMS];
        if (spam >= 2) {
            return Optional.of(new Finding("spam", "광고·투자 권유 등 스팸으로 보입니다 (광고 표현 " + spam + "개)."));
        }
        if (cues[JOBS] >= 2 && coop <= 1) {
            return Optional.of(new Finding("job", "입사 지원(구직) 글로 보여 협력 제안 창구의 대상이 아닙니다."));
        }
        int complaint = cues[COMPLAINTS];
        if (complaint >= 2 && complaint > coop) {
            return Optional.of(new Finding("complaint",
                    "개인 민원·문의로 보입니다. 응답소(서울시 민원 창구) 안내가 필요합니다."));
        }
        int sales = cues[SALES_CUES];
        if (sales >= 3 && coop <= 1) {
            return Optional.of(new Finding("sales", "협력 없이 제품을 팔려는 판매 안내로 보입니다 (판매 표현 " + sales + "개)."));
        }
        int news = cues[NEWS_CUES];
        if (news >= 2 && news > coop) {
            return Optional.of(new Finding("news", "기사나 보도자료를 옮긴 글로 보여 협력 제안이 아닙니다."));
        }
        return Optional.empty();
    }

    /**
     * {@code (title + " " + content).toLowerCase(Locale.ROOT)} as characters, without building those strings: each
     * character lower-cased on its own, which is what the JDK does except for Σ (its lower case depends on the next
     * letter), İ (two characters) and surrogate pairs; a text with one of those takes the JDK's way.
     */
    static char[] lowerCased(String title, String content) {
        char[] out = new char[title.length() + 1 + content.length()];
        if (!lowerCase(title, out, 0) || !lowerCase(content, out, title.length() + 1)) {
            return (title + " " + content).toLowerCase(Locale.ROOT).toCharArray();
        }
        out[title.length()] = ' ';
        return out;
    }

    private static boolean lowerCase(String s, char[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u03A3' || c == '\u0130' || Character.isSurrogate(c)) {
                return false;
            }
            int lower = Character.toLowerCase((int) c);
            if (lower > Character.MAX_VALUE) {
                return false;
            }
            out[at + i] = (char) lower;
        }
        return true;
    }

    private static List<String> compact(String... cues) {
        return java.util.Arrays.stream(cues).map(c -> c.replace(" ", "")).toList();
    }

    /**
     * Copies {@code text} into {@code out} without the characters of the regex class {@code \\s} (space, tab, line
     * breaks, form feed); returns the length.
     */
    private static int withoutWhitespace(char[] text, char[] out) {
        int n = 0;
        for (char c : text) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\u000B' && c != '\f' && c != '\r') {
                out[n++] = c;
            }
        }
        return n;
    }
}
