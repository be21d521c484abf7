package kr.seoul.sane.opssecurity;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.util.AntPathMatcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The security of every operation in a service's OpenAPI document, as the chains of
 * {@link OpsSecurityAutoConfiguration} apply it: {@code /api/ops/**} needs HTTP Basic or the ops token (role OPERATOR;
 * ADMIN on {@code platform.ops.admin-paths}) and answers 401/403 with the platform's error body; every other
 * operation is public ({@code security: []}). Also the error body's schemas {@code ApiErrors} / {@code ApiError}
 * when the service does not bring its own.
 */
@AutoConfiguration(after = OpsSecurityAutoConfiguration.class)
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OpsApiDocumentation {

    /** The HTTP Basic scheme of the operator accounts. */
    public static final String BASIC = "operator";
    /** The ops login's signed token (the {@code SANE_OPS} cookie's value) as {@code Authorization: Bearer}. */
    public static final String TOKEN = "opsToken";
    public static final String ERRORS_SCHEMA = "#/components/schemas/ApiErrors";
    /** References to the shared error answers a service defines with {@link #errorAnswers}. */
    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String CONFLICT = "#/components/responses/Conflict";
    static final String OPS_API = "/api/ops/";

    @Bean
    GlobalOpenApiCustomizer opsApiSecurity(OpsSecurityProperties properties) {
        return openApi -> document(openApi, properties.adminPaths());
    }

    static void document(OpenAPI openApi, List<String> adminPaths) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("운영자 계정 (PLATFORM_OPERATOR_USER / PLATFORM_OPERATOR_PASSWORD 또는 platform.ops.users), "
                        + "역할 OPERATOR"));
        components.addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("운영자 로그인(/ops/login)이 발급한 서명 토큰 (SANE_OPS 쿠키의 값)"));
        errorSchemas(components);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith(OPS_API)) {
                boolean admin = needsAdmin(adminPaths, method, path);
                operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC),
                        new SecurityRequirement().addList(TOKEN)));
                respond(operation, "401", OpsResponses.LOGIN_REQUIRED);
                respond(operation, "403", admin ? OpsResponses.ADMIN_REQUIRED : "이 계정에는 이 작업의 권한이 없습니다.");
                if (admin && (operation.getDescription() == null || !operation.getDescription().contains("ADMIN"))) {
                    String description = operation.getDescription() == null ? "" : operation.getDescription() + " ";
                    operation.setDescription(description + "관리자(ADMIN) 권한이 필요합니다.");
                }
            } else {
                operation.setSecurity(new ArrayList<>());
            }
        }));
    }

    /**
     * Shared error answers ({@code #/components/responses/<name>}: name → description), each with the platform's
     * error body, for a service's {@code OpenAPI} bean; operations refer to them by name.
     */
    public static Components errorAnswers(Map<String, String> descriptions) {
        Components components = new Components();
        descriptions.forEach((name, description) -> components.addResponses(name, new ApiResponse()
                .description(description).content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref(ERRORS_SCHEMA))))));
        return components;
    }

    static boolean needsAdmin(List<String> adminPaths, PathItem.HttpMethod method, String path) {
        AntPathMatcher matcher = new AntPathMatcher();
        for (String entry : adminPaths) {
            String[] parts = entry.strip().split("\\s+", 2);
            boolean methodMatches = parts.length == 1 || parts[0].toUpperCase(Locale.ROOT).equals(method.name());
            if (methodMatches && matcher.match(parts[parts.length - 1], path)) {
                return true;
            }
        }
        return false;
    }

    private static void respond(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (!operation.getResponses().containsKey(status)) {
            operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                    .content(new Content().addMediaType("application/json",
                            new MediaType().schema(new Schema<>().$ref(ERRORS_SCHEMA)))));
        }
    }

    /** {@code {"errors":[{"field","message"}]}}: the body of every 4xx of the platform. */
    private static void errorSchemas(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas != null && schemas.containsKey("ApiErrors")) {
            return;
        }
        components.addSchemas("ApiError", new ObjectSchema().description("문제 하나: 항목과 한국어 메시지")
                .addProperty("field", new Schema<String>().types(new LinkedHashSet<>(List.of("string", "null")))
                        .description("문제가 된 항목 (요청 전체의 문제면 null)"))
                .addProperty("message", new StringSchema().description("한국어 메시지"))
                .required(List.of("field", "message")));
        components.addSchemas("ApiErrors", new ObjectSchema().description("요청을 처리하지 못한 이유")
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/ApiError")))
                .required(List.of("errors")));
    }
}
