package kr.seoul.sane.catalog.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.opssecurity.OpsApiDocumentation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document of the catalogue's API ({@code /v3/api-docs}; through the gateway
 * {@code /v3/api-docs/catalog}): the public 협력사례 and 협력기관 search with the rules of {@link ListParameters} on
 * every list parameter, and the ops API; the operator's security schemes and the error body come from ops-security.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final Map<String, String> ERROR_ANSWERS = Map.of(
            "BadRequest", "요청 값이 규칙에 맞지 않습니다. 항목(field)마다 한국어 메시지가 하나씩 옵니다.",
            "NotFound", "찾을 수 없습니다 (공개된 협력사례 중에 그 주소 이름이 없음).");

    @Bean
    OpenAPI catalogServiceApi() {
        return new OpenAPI().components(OpsApiDocumentation.errorAnswers(ERROR_ANSWERS))
                // relative: the document is read through the gateway's public origin (or the service's own port)
                .servers(List.of(new Server().url("/").description("이 주소 (게이트웨이를 거치면 공개 주소)")))
                .tags(List.of(
                        new Tag().name("협력사례·협력기관").description("공개 카탈로그: 한국어 검색, 분야 거르기, 쪽 나누기"),
                        new Tag().name("카탈로그 운영").description("운영자 API: 사례 초안, 공개 거두기, 읽기 모델 다시 만들기")))
                .info(new Info().title("서울사네 협력사례·협력기관 API").version("1").description("""
                        catalog-service의 API. 협력사례(cases)와 협력기관(institutions)의 공개 검색(로그인 없음)과 \
                        통계, 운영자 API(HTTP Basic 또는 운영 토큰, 역할 OPERATOR; 다시 만들기는 ADMIN). 모든 4xx는 \
                        `{"errors":[{"field","message"}]}` 형식이며 메시지는 한국어입니다."""));
    }

    /** The list parameters of the search APIs with the bounds {@link ListParameters} checks. */
    @Bean
    OperationCustomizer listParameterRules() {
        Map<String, Parameter> rules = Map.of(
                "q", rule("검색어 (한국어 형태소 검색; 제어 문자 불가)", new StringSchema().maxLength(ListParameters.MAX_QUERY_LENGTH)),
                "field", rule("분야 코드로 거르기", new StringSchema()._enum(names(CooperationField.values()))),
                "scope", rule("범위로 거르기", new StringSchema()._enum(names(Scope.values()))),
                "main", rule("true면 대표 사례만", new BooleanSchema()),
                "page", rule("쪽 (0부터)", new IntegerSchema().minimum(BigDecimal.ZERO)
                        .maximum(BigDecimal.valueOf(ListParameters.MAX_PAGE))._default(0)),
                "size", rule("쪽당 건수", new IntegerSchema().minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(ListParameters.MAX_SIZE))._default(ListParameters.DEFAULT_SIZE)));
        return (operation, handler) -> {
            if (handler.getBeanType() == CatalogApiController.class && operation.getParameters() != null) {
                operation.getParameters().stream().filter(p -> "query".equals(p.getIn()) && rules.containsKey(p.getName()))
                        .forEach(p -> p.description(rules.get(p.getName()).getDescription())
                                .schema(rules.get(p.getName()).getSchema()));
            }
            return operation;
        };
    }

    private static Parameter rule(String description, Schema<?> schema) {
        return new Parameter().description(description).schema(schema);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
