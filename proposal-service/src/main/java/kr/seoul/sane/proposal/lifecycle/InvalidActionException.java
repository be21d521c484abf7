package kr.seoul.sane.proposal.lifecycle;

import java.util.List;

/** What came with an action is incomplete or wrong (answered with 400, per field). */
public class InvalidActionException extends RuntimeException {

    private final List<Lifecycle.Problem> problems;

    public InvalidActionException(List<Lifecycle.Problem> problems) {
        super(problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public List<Lifecycle.Problem> problems() {
        return problems;
    }
}
