package kr.seoul.sane.proposal;

import kr.seoul.sane.contracts.ApiDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON endpoint of the service is an operation of its OpenAPI document with the security the service applies;
 * the document is written to {@code target/openapi/proposal.json} for the CI's linter.
 */
class OpenApiDocumentTest extends EmbeddedInfrastructureTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurity() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v3/api-docs"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        ApiDocuments.write(response.body(), "proposal");

        List<String> endpoints = ApiDocuments.endpoints(mappings, "kr.seoul.sane.proposal.");
        assertThat(endpoints).as("the service's JSON endpoints").contains("post /api/proposals",
                "get /api/proposals/{trackingCode}", "get /api/ops/proposals");
        assertThat(ApiDocuments.missing(endpoints, response.body())).as("endpoints missing from the document").isEmpty();
        assertThat(ApiDocuments.securityProblems(response.body())).isEmpty();
    }
}
