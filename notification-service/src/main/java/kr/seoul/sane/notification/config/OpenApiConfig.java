package kr.seoul.sane.notification.config;

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
 * The OpenAPI document of the notification ops API ({@code /v3/api-docs}; through the gateway
 * {@code /v3/api-docs/notification}) with the 4xx answers its operations share; the operator's security schemes
 * and the error body's schema come from ops-security.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final Map<String, String> ERROR_ANSWERS = Map.of(
            "BadRequest", "요청 값이 규칙에 맞지 않습니다. 항목(field)마다 한국어 메시지가 하나씩 옵니다.",
            "NotFound", "찾을 수 없습니다 (발송 기록 또는 그 위치의 메시지).",
            "Conflict", "지금 상태에서는 할 수 없습니다 (실패(FAILED)한 발송만 다시 보낼 수 있음).");

    @Bean
    OpenAPI notificationServiceApi() {
        return new OpenAPI().components(OpsApiDocumentation.errorAnswers(ERROR_ANSWERS))
                // relative: the document is read through the gateway's public origin (or the service's own port)
                .servers(List.of(new Server().url("/").description("이 주소 (게이트웨이를 거치면 공개 주소)")))
                .tags(List.of(
                        new Tag().name("메일 발송").description("발송 기록 조회와 실패한 메일 다시 보내기"),
                        new Tag().name("dead letter").description("처리하지 못한 이벤트 조회와 원래 토픽으로 다시 보내기")))
                .info(new Info().title("서울사네 알림 운영 API").version("1").description("""
                        notification-service의 운영자 API. 메일 발송 기록(실패한 것 먼저)과 다시 보내기, 처리하지 못한 \
                        이벤트(dead letter)의 조회와 다시 보내기. 모든 작업에 운영자 인증(HTTP Basic 또는 운영 토큰, \
                        역할 OPERATOR)이 필요합니다. 모든 4xx는 `{"errors":[{"field","message"}]}` 형식이며 메시지는 \
                        한국어입니다."""));
    }
}
