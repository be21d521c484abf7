package kr.seoul.sane.proposal.api;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import kr.seoul.sane.proposal.model.FieldCatalog;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document of the public REST API ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): Korean
 * descriptions and the error answers every operation refers to, all with the
 * platform's error body {@code {"errors":[{field, message}]}}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /** The shared error answers by status, referred to as {@code #/components/responses/<name>} ({@link ErrorAnswers}). */
    record ErrorAnswer(String name, String description) {
    }

    static final Map<Integer, ErrorAnswer> ERRORS = Map.of(
            400, new ErrorAnswer("BadRequest", "요청 값이 규칙에 맞지 않습니다. 항목(field)마다 한국어 메시지가 하나씩 옵니다. "
                    + "요청 전체의 문제면 field는 null입니다."),
            401, new ErrorAnswer("Unauthorized", "운영자 로그인이 필요합니다 (HTTP Basic 또는 운영 토큰, 역할 OPERATOR)."),
            403, new ErrorAnswer("Forbidden", "링크 토큰이 올바르지 않거나 만료되었거나, 이 제안·부서·처리에 쓸 수 없습니다 (field: token)."),
            404, new ErrorAnswer("NotFound", "찾을 수 없습니다. 진행상황 조회는 접수번호가 없을 때와 이메일이 다를 때 같은 404로 답합니다."),
            409, new ErrorAnswer("Conflict", "지금 상태에서는 할 수 없는 처리입니다. 메시지가 지금 상태와 할 수 있는 처리를 알려 줍니다."),
            410, new ErrorAnswer("Gone", "확인 코드를 더 이상 쓸 수 없습니다 (5번 틀렸거나 유효 시간이 지남). 새 확인 코드를 요청해 "
                    + "주세요."),
            413, new ErrorAnswer("ContentTooLarge", "요청이 너무 큽니다 (첨부파일 10MB 초과, 또는 본문이 너무 큼)."),
            415, new ErrorAnswer("UnsupportedMediaType", "지원하지 않는 Content-Type입니다 (application/json 또는 multipart/form-data)."),
            429, new ErrorAnswer("TooManyRequests", "같은 곳에서 너무 자주 보냈습니다. Retry-After(초) 뒤에 다시 보내 주세요."),
            503, new ErrorAnswer("ServiceUnavailable", "서비스가 저장소에 잠시 연결할 수 없습니다. 메시지가 요청이 처리되지 "
                    + "않았는지(그러면 Retry-After(초) 뒤에 다시 보내면 됩니다), 처리 여부를 알 수 없는지(그러면 먼저 "
                    + "진행상황을 조회해 주세요) 알려 줍니다."));
    /** Every documented operation reads or writes the service's database, so each can answer 503 (ops-security). */
    private static final int STORE_UNAVAILABLE = 503;

    @Bean
    OpenAPI proposalServiceApi() {
        // the operator's security schemes and each operation's security come from ops-security (OpsApiDocumentation)
        Components components = new Components();
        ERRORS.forEach((status, error) -> {
            ApiResponse response = new ApiResponse().description(error.description()).content(new Content().addMediaType(
                    "application/json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiErrors"))));
            if (status == 429 || status == STORE_UNAVAILABLE) {
                response.addHeaderObject("Retry-After", new Header().description("다시 보내도 되기까지의 초")
                        .schema(new IntegerSchema()));
            }
            components.addResponses(error.name(), response);
        });
        return new OpenAPI().components(components)
                // relative: the document is read through the gateway's public origin (or the service's own port)
                .servers(List.of(new Server().url("/").description("이 주소 (게이트웨이를 거치면 공개 주소)")))
                .tags(List.of(
                        new Tag().name("협력신청").description("협력제안 접수"),
                        new Tag().name("진행상황").description("신청인의 진행상황 조회와 추가정보 답변"),
                        new Tag().name("담당부서").description("메일의 서명된 링크로 하는 부서 처리 (로그인 없음)"),
                        new Tag().name("운영").description("운영자 API: HTTP Basic 또는 운영 토큰, 역할 OPERATOR 필요")))
                .info(new Info()
                .title("서울사네 협력신청 API")
                .version("1")
                .description("""
                        서울사네 협력제안 플랫폼의 공개 REST API (proposal-service). 협력제안 접수(JSON 또는 첨부파일과 \
                        함께 multipart), 진행상황 조회, 신청인의 추가정보 답변, 담당부서의 처리(메일의 서명된 링크 토큰), \
                        운영자 API(HTTP Basic 또는 운영 토큰, 역할 OPERATOR). 모든 4xx는 `{"errors":[{"field","message"}]}` 형식이며 \
                        메시지는 한국어입니다. 입력 규칙은 공개 양식(/proposals/new)과 같습니다."""));
    }

    /** The error answers an operation lists with {@link ErrorAnswers}, as references to the shared ones. */
    @Bean
    OperationCustomizer errorAnswers() {
        return (operation, handler) -> {
            ErrorAnswers answers = handler.getMethodAnnotation(ErrorAnswers.class);
            if (answers != null) {
                if (operation.getResponses() == null) {
                    operation.setResponses(new ApiResponses());
                }
                int[] statuses = java.util.stream.IntStream.concat(java.util.Arrays.stream(answers.value()),
                        java.util.stream.IntStream.of(STORE_UNAVAILABLE)).distinct().toArray();
                for (int status : statuses) {
                    ErrorAnswer error = ERRORS.get(status);
                    if (error == null) {
                        throw new IllegalStateException("no shared error answer for " + status + " on " + handler);
                    }
                    operation.getResponses().addApiResponse(String.valueOf(status),
                            new ApiResponse().$ref("#/components/responses/" + error.name()));
                }
            }
            return operation;
        };
    }

    /**
     * The error body's schema, the 분야 codes of fields.json as the enum of {@code ProposalRequest.field}, and
     * {@code consent}'s only accepted value, the boolean {@code true}.
     */
    @Bean
    OpenApiCustomizer errorBodyAndFieldCodes(FieldCatalog fields) {
        return openApi -> {
            ModelConverters.getInstance().readAll(new AnnotatedType(ApiErrors.class))
                    .forEach(openApi.getComponents()::addSchemas);
            Schema<?> request = openApi.getComponents().getSchemas().get("ProposalRequest");
            if (request != null && request.getProperties() != null) {
                @SuppressWarnings("unchecked")
                Schema<String> field = (Schema<String>) request.getProperties().get("field");
                if (field != null) {
                    List<String> codes = fields.all().stream().map(FieldCatalog.Field::code).toList();
                    field.setEnum(codes);
                }
                @SuppressWarnings("unchecked")
                Schema<Boolean> consent = (Schema<Boolean>) request.getProperties().get("consent");
                if (consent != null) {
                    consent.setEnum(List.of(Boolean.TRUE));
                }
            }
        };
    }
}
