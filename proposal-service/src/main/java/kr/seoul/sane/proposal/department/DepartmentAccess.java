package kr.seoul.sane.proposal.department;

import kr.seoul.sane.proposal.lifecycle.Action;
import kr.seoul.sane.proposal.links.LinkTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks a department link against the proposal it is used for: signature, expiry, proposal and (for an action)
 * the actions it allows. Whether the department is still in charge is checked with the stored proposal. A department
 * list link is checked against the department it is used for.
 */
@Component
class DepartmentAccess {

    static final String INVALID = "이 링크는 올바르지 않습니다. 메일에 있는 링크를 잘리거나 바뀌지 않게 그대로 열어 주세요.";
    static final String EXPIRED = "이 링크는 유효 기간이 지났습니다. 서울사네 운영팀(민관협력담당관)에 새 링크를 요청해 주세요.";
    static final String ACTION_NOT_ALLOWED = "이 링크로는 이 처리를 할 수 없습니다.";

    private static final Logger log = LoggerFactory.getLogger(DepartmentAccess.class);

    private final LinkTokens tokens;

    DepartmentAccess(LinkTokens tokens) {
        this.tokens = tokens;
    }

    /** A refused link; nothing was read or changed. */
    static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    LinkTokens.Claims check(String proposalId, String token, Action action) {
        LinkTokens.Claims claims = valid(tokens.verify(token), "proposal", proposalId);
        if (!claims.proposalId().equals(proposalId)) {
            log.info("department link for proposal {} names another proposal", proposalId);
            throw new Refused(INVALID);
        }
        if (action != null && !claims.allows(action)) {
            throw new Refused(ACTION_NOT_ALLOWED);
        }
        return claims;
    }

    /** Checks a department list link: signature, expiry and that it was signed for {@code departmentCode}. */
    LinkTokens.Claims checkList(String departmentCode, String token) {
        LinkTokens.Claims claims = valid(tokens.verifyDepartmentList(token), "list of department", departmentCode);
        if (!claims.departmentCode().equals(departmentCode)) {
            log.info("department link for list of department {} names another department", departmentCode);
            throw new Refused(INVALID);
        }
        return claims;
    }

    /** Checks a supporting department's opinion link: signature, expiry and that it was signed for the proposal. */
    LinkTokens.Claims checkOpinion(String proposalId, String token) {
        LinkTokens.Claims claims = valid(tokens.verifySupportingOpinion(token), "opinion on proposal", proposalId);
        if (!claims.proposalId().equals(proposalId)) {
            log.info("supporting department link for proposal {} names another proposal", proposalId);
            throw new Refused(INVALID);
        }
        return claims;
    }

    private static LinkTokens.Claims valid(LinkTokens.Verification v, String kind, String subject) {
        if (!v.valid()) {
            log.info("department link for {} {} refused: {}", kind, subject, v.failure());
            throw new Refused(v.failure() == LinkTokens.Failure.EXPIRED ? EXPIRED : INVALID);
        }
        return v.claims();
    }
}
