package kr.seoul.sane.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentsTest {

    private static final String DOCUMENT = """
            {"paths": {
              "/api/cases": {"get": {"security": [], "responses": {"200": {}}}},
              "/api/ops/catalog/rebuild": {"post": {"security": [{"operator": []}, {"opsToken": []}],
                                                     "responses": {"200": {}, "401": {}}}},
              "/api/ops/catalog/drafts": {"get": {"security": [{"operator": []}], "responses": {"200": {}}}},
              "/api/institutions": {"get": {"responses": {"200": {}}}},
              "/api/catalog/stats": {"get": {"security": [{"operator": []}], "responses": {"200": {}}}}
            }}""";

    @Test
    void anEndpointWithoutItsOperationIsMissing() {
        assertThat(ApiDocuments.missing(List.of("get /api/cases", "post /api/cases", "get /api/cases/{id}",
                "post /api/ops/catalog/rebuild", "any /api/institutions"), DOCUMENT))
                .containsExactly("post /api/cases", "get /api/cases/{id}", "any /api/institutions");
    }

    @Test
    void opsOperationsNeedTheOperatorsSchemesAnd401AndPublicOnesAnEmptySecurity() {
        assertThat(ApiDocuments.securityProblems(DOCUMENT)).containsExactlyInAnyOrder(
                "get /api/ops/catalog/drafts: not HTTP Basic or the ops token",
                "get /api/ops/catalog/drafts: no 401",
                "get /api/institutions: no security",
                "get /api/catalog/stats: public, but security [{\"operator\":[]}]");
    }
}
