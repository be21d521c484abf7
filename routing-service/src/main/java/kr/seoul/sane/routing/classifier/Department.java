package kr.seoul.sane.routing.classifier;

import java.util.List;

/** One entry of the department directory (담당부서). */
public record Department(String code, String name, String office, String email, List<String> fields,
                         String responsibilities, String notFor, String keywords, String aliases,
                         String targetGroup) {
}
