package kr.seoul.sane.proposal.lifecycle;

/** The acting department is not (or no longer) the one in charge of the proposal (answered with 403). */
public class WrongDepartmentException extends RuntimeException {

    public static final String MESSAGE =
            "이 링크는 지금 이 제안을 맡은 부서의 링크가 아닙니다. 제안이 다른 부서로 이송되었을 수 있습니다.";

    public WrongDepartmentException() {
        super(MESSAGE);
    }
}
