package kr.seoul.sane.opssecurity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NextPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/ops", "/ops/proposals/abc", "/ops/proposals?status=ROUTED&page=2",
            "/ops/catalog/drafts/6741a3f2c9e77b1d2a5f0c11", "/ops/%ED%95%9C"})
    void sameSitePathsAreKept(String next) {
        assertThat(NextPath.sanitise(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ops", "https://evil.example/ops", "//evil.example/ops", "/\\evil.example",
            "\\\\evil.example", "javascript:alert(1)", "/ops\r\nSet-Cookie: x=1", "/ops\tx", " /ops",
            "http:/ops", "/ops/<script>"})
    void anythingElseFallsBackToTheConsole(String next) {
        assertThat(NextPath.sanitise(next)).isEqualTo("/ops");
    }

    @org.junit.jupiter.api.Test
    void missingOrOverlongFallsBackToTheConsole() {
        assertThat(NextPath.sanitise(null)).isEqualTo("/ops");
        assertThat(NextPath.sanitise("/ops/" + "a".repeat(2100))).isEqualTo("/ops");
    }
}
