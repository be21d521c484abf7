package kr.seoul.sane.routing.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import kr.seoul.sane.opssecurity.OpsApiDocumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document of the routing ops API ({@code /v3/api-docs}; through the gateway
 * {@code /v3/api-docs/routing}) with the 4xx answers its operations share; the operator's security schemes and the
 * error body's schema come from ops-security.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /** The 4xx answers the operations share; each operation's description says when it gives which. */
    private static final Map<String, String> ERROR_ANSWERS = Map.of(
            "BadRequest", "요청 값이 규칙에 맞지 않거나 본문이 JSON이 아닙니다. 항목(field)마다 한국어 메시지가 하나씩 옵니다.",
            "NotFound", "찾을 수 없습니다 (제안 또는 부서 코드).",
            "Conflict", "지금 상태에서는 할 수 없습니다 (철회된 제안, 동시에 한 수정).");

    @Bean
    OpenAPI routingServiceApi() {
        return new OpenAPI().components(OpsApiDocumentation.errorAnswers(ERROR_ANSWERS))
                // relative: the document is read through the gateway's public origin (or the service's own port)
                .servers(List.of(new Server().url("/").description("이 주소 (게이트웨이를 거치면 공개 주소)")))
                .tags(List.of(
                        new Tag().name("분류·배정").description("분류 대기 제안, 운영자의 부서 배정과 '협력제안 아님' 판단"),
                        new Tag().name("부서 목록").description("버전이 남는 부서 목록: 조회, 수정(ADMIN), 이력")))
                .info(new Info().title("서울사네 분류·배정 운영 API").version("1").description("""
                        routing-service의 운영자 API. 분류기가 확신하지 못한 제안(TRIAGE)의 목록과 운영자의 배정, \
                        '협력제안 아님' 판단, 분류기가 쓰는 부서 목록의 조회·수정·이력. 모든 작업에 운영자 인증(HTTP Basic \
                        또는 운영 토큰, 역할 OPERATOR)이 필요하고, 부서 수정에는 ADMIN이 필요합니다. 모든 4xx는 \
                        `{"errors":[{"field","message"}]}` 형식이며 메시지는 한국어입니다."""));
    }
}
