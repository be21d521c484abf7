package kr.seoul.sane.proposal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON endpoint of the service (each mapping of a {@code @RestController} or {@code @ResponseBody} method, or one
 * that produces JSON) is an operation of the OpenAPI document, public ones with {@code security: []} and the ops API
 * with the operator's schemes. The document is written to {@code target/openapi/proposal.json} for the CI's linter.
 */
class OpenApiDocumentTest extends EmbeddedInfrastructureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OWN_PACKAGE = "kr.seoul.sane.proposal.";
    /** Boot's error endpoint answers for every other path: not an operation of its own. */
    private static final List<String> NOT_OPERATIONS = List.of("/error");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurity() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v3/api-docs"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        Path written = Path.of("target", "openapi", "proposal.json");
        Files.createDirectories(written.getParent());
        Files.writeString(written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));

        List<String> endpoints = jsonEndpoints();
        assertThat(endpoints).as("the service's JSON endpoints").isNotEmpty();
        JsonNode paths = doc.path("paths");
        assertThat(endpoints).as("endpoints missing from the OpenAPI document")
                .filteredOn(endpoint -> !paths.path(endpoint.split(" ")[1]).has(endpoint.split(" ")[0]))
                .isEmpty();

        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode security = operation.getValue().path("security");
            String name = operation.getKey() + " " + path.getKey();
            assertThat(security.isArray()).as("security declared on " + name).isTrue();
            if (path.getKey().startsWith("/api/ops/")) {
                assertThat(security.toString()).as(name).contains("\"operator\"").contains("\"opsToken\"");
                assertThat(operation.getValue().path("responses").has("401")).as(name).isTrue();
            } else {
                assertThat(security.isEmpty()).as("public " + name).isTrue();
            }
        }));
    }

    /** "get /api/x/{id}" for each method and path of every JSON endpoint of this service. */
    private List<String> jsonEndpoints() {
        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            RequestMappingInfo info = entry.getKey();
            boolean own = handler.getBeanType().getName().startsWith(OWN_PACKAGE);
            boolean body = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), ResponseBody.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
                    || info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.APPLICATION_JSON);
            if (!own || !body) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                if (NOT_OPERATIONS.contains(pattern)) {
                    continue;
                }
                assertThat(info.getMethodsCondition().getMethods()).as("HTTP method of " + pattern).isNotEmpty();
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints.add(method.name().toLowerCase() + " " + pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
                }
            }
        }
        return endpoints;
    }
}
