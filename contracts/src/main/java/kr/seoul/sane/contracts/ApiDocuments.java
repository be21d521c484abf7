package kr.seoul.sane.contracts;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP side of a service's contract, for its tests: every JSON or CSV endpoint of the service's own controllers
 * (a {@code @RestController} or {@code @ResponseBody} mapping, or one that produces JSON or CSV) is an operation of its
 * OpenAPI document, each operation declares the security the ops chains apply ({@code /api/ops/**}: the operator's
 * schemes; every other path: {@code security: []}), and the document is written where the CI's linter reads it.
 */
public final class ApiDocuments {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<MediaType> DATA = Set.of(MediaType.APPLICATION_JSON, MediaType.valueOf("text/csv"));
    /** Boot's error endpoint answers for every other path: not an operation of its own. */
    private static final Set<String> NOT_OPERATIONS = Set.of("/error");

    private ApiDocuments() {
    }

    /** {@code "get /api/x/{id}"} for each HTTP method and path of every JSON or CSV endpoint under {@code ownPackage}. */
    public static List<String> endpoints(RequestMappingHandlerMapping mappings, String ownPackage) {
        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            RequestMappingInfo info = entry.getKey();
            boolean body = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), ResponseBody.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
                    || info.getProducesCondition().getProducibleMediaTypes().stream().anyMatch(DATA::contains);
            if (!body || !handler.getBeanType().getName().startsWith(ownPackage)) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (NOT_OPERATIONS.contains(pattern)) {
                    continue;
                }
                if (methods.isEmpty()) {
                    endpoints.add("any " + pattern);
                }
                for (RequestMethod method : methods) {
                    endpoints.add(method.name().toLowerCase(Locale.ROOT) + " "
                            + pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
                }
            }
        }
        return endpoints;
    }

    /** The endpoints that are not an operation of the document (an endpoint for any method always is missing). */
    public static List<String> missing(List<String> endpoints, String document) {
        JsonNode paths = JSON.readTree(document).path("paths");
        return endpoints.stream().filter(endpoint -> {
            String[] methodAndPath = endpoint.split(" ", 2);
            return !paths.path(methodAndPath[1]).has(methodAndPath[0]);
        }).toList();
    }

    /**
     * Operations whose security is not what the service applies: under {@code /api/ops/} HTTP Basic
     * ({@code operator}) or the ops token ({@code opsToken}) and a 401 answer; elsewhere an explicit
     * {@code security: []}.
     */
    public static List<String> securityProblems(String document) {
        List<String> problems = new ArrayList<>();
        JsonNode paths = JSON.readTree(document).path("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey() + " " + path.getKey();
            JsonNode security = operation.getValue().path("security");
            if (!security.isArray()) {
                problems.add(name + ": no security");
            } else if (path.getKey().startsWith("/api/ops/")) {
                if (!security.toString().contains("\"operator\"") || !security.toString().contains("\"opsToken\"")) {
                    problems.add(name + ": not HTTP Basic or the ops token");
                }
                if (!operation.getValue().path("responses").has("401")) {
                    problems.add(name + ": no 401");
                }
            } else if (!security.isEmpty()) {
                problems.add(name + ": public, but security " + security);
            }
        }));
        return problems;
    }

    /**
     * The service's OpenAPI document, read at {@code http://127.0.0.1:<port>/v3/api-docs} and written to
     * {@code target/openapi/<service>.json}; fails unless it is answered with 200 and no login.
     */
    public static String fetchAndWrite(int port, String service) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/v3/api-docs answered " + response.statusCode());
            }
            write(response.body(), service);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON endpoints under {@code ownPackage} missing from the document, then its {@link #securityProblems}. */
    public static List<String> problems(RequestMappingHandlerMapping mappings, String ownPackage, String document) {
        List<String> problems = new ArrayList<>(missing(endpoints(mappings, ownPackage), document).stream()
                .map(endpoint -> endpoint + ": not in the document").toList());
        problems.addAll(securityProblems(document));
        return problems;
    }

    /** Writes the document, indented, to {@code target/openapi/<service>.json} of the module under test. */
    public static Path write(String document, String service) {
        Path file = Path.of("target", "openapi", service + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
