package kr.seoul.sane.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class DepartmentInboxesTest {

    @Test
    void findsTheProposalOfThisRunInTheSubject() {
        Pattern marker = DepartmentInboxes.marker("AB1");
        assertThat(DepartmentInboxes.index(marker, "[서울사네 협력제안] 종로구 공원 캠페인 [AB1-42]")).isEqualTo(42);
        assertThat(DepartmentInboxes.index(marker, "[서울사네 협력제안] 종로구 공원 캠페인 [XB1-42]")).isEqualTo(-1);
        assertThat(DepartmentInboxes.index(marker, null)).isEqualTo(-1);
    }
}
