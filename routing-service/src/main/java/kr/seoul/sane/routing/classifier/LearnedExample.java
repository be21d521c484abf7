package kr.seoul.sane.routing.classifier;

/** A proposal whose right department an operator (or a department transfer) confirmed. */
public record LearnedExample(String title, String content, String departmentCode) {
}
