package kr.seoul.sane.routing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.contracts.ApiDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON endpoint of the service is an operation of its OpenAPI document with the security the service applies
 * and the directory's rules; the document is written to {@code target/openapi/routing.json} for the CI's linter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1, topics = {"proposal.submitted", "proposal.status-changed",
        "proposal.personal-data-erased", "proposal.routed", "proposal.triaged"})
class OpenApiDocumentTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_ADDRESS.getPort());
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyJsonEndpointIsAnOperationWithItsSecurityAndTheDirectorysRules() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        ApiDocuments.write(response.body(), "routing");

        List<String> endpoints = ApiDocuments.endpoints(mappings, "kr.seoul.sane.routing.");
        assertThat(endpoints).contains("get /api/ops/routing/triage", "put /api/ops/routing/departments/{code}");
        assertThat(ApiDocuments.missing(endpoints, response.body())).as("endpoints missing from the document").isEmpty();
        assertThat(ApiDocuments.securityProblems(response.body())).isEmpty();

        JsonNode doc = JsonMapper.builder().build().readTree(response.body());
        JsonNode edit = doc.path("components").path("schemas").path("DepartmentEdit");
        assertThat(edit.path("required").toString()).contains("name", "email", "responsibilities");
        assertThat(edit.path("properties").path("name").path("minLength").asInt()).isEqualTo(2);
        assertThat(edit.path("properties").path("name").path("maxLength").asInt()).isEqualTo(50);
        assertThat(edit.path("properties").path("responsibilities").path("maxLength").asInt()).isEqualTo(2000);
        assertThat(doc.path("components").path("schemas").path("NotAProposalVerdict").path("properties")
                .path("reason").path("maxLength").asInt()).isEqualTo(500);
        JsonNode change = doc.path("paths").path("/api/ops/routing/departments/{code}").path("put");
        assertThat(change.path("description").asString()).as("ADMIN only").contains("ADMIN");
        assertThat(change.path("responses").propertyNames()).contains("200", "400", "401", "403", "404", "409");
    }
}
