package kr.seoul.sane.routing.classifier;

import java.util.Set;

/**
 * A {@code notFor} clause of department {@code owner}: when a proposal mentions most of its {@code terms}, the owner's
 * score is lowered (the topic belongs to the department the clause names). {@code clause} is the reason line.
 */
record BoundaryRule(int owner, Set<String> terms, String clause) {
}
