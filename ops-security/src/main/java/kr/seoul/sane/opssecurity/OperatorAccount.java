package kr.seoul.sane.opssecurity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default operator account ({@code PLATFORM_OPERATOR_USER} / {@code PLATFORM_OPERATOR_PASSWORD}); it has the
 * roles OPERATOR and ADMIN. An empty password leaves the account out (the console stays locked).
 */
@ConfigurationProperties("platform.operator")
public record OperatorAccount(@DefaultValue("operator") String user, @DefaultValue("") String password) {
}
