package kr.seoul.sane.opssecurity;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsAccountsTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void theDefaultOperatorIsOperatorAndAdminAndKeptHashed() {
        InMemoryUserDetailsManager accounts = OpsAccounts.of(new OperatorAccount("ops", "ops-secret"), List.of(), ENCODER);
        var ops = accounts.loadUserByUsername("ops");
        assertThat(ops.getPassword()).startsWith("{bcrypt}").doesNotContain("ops-secret");
        assertThat(ENCODER.matches("ops-secret", ops.getPassword())).isTrue();
        assertThat(ops.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_ADMIN");
    }

    @Test
    void extraAccountsGetTheirHashAndRoles() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("reader-secret");
        InMemoryUserDetailsManager accounts = OpsAccounts.of(new OperatorAccount("ops", ""), List.of(
                new OpsSecurityProperties.Account("reader", hash, List.of("operator")),
                new OpsSecurityProperties.Account("boss", hash, List.of("ADMIN"))), ENCODER);
        assertThat(accounts.userExists("ops")).as("no password, no default account").isFalse();
        assertThat(accounts.loadUserByUsername("reader").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_OPERATOR");
        assertThat(accounts.loadUserByUsername("boss").getPassword()).isEqualTo(hash);
    }

    @Test
    void withoutAnyAccountNobodyGetsIn() {
        assertThat(OpsAccounts.of(new OperatorAccount("ops", " "), List.of(), ENCODER).userExists("ops")).isFalse();
    }

    @Test
    void aPlainPasswordAnUnknownRoleOrATwiceDefinedAccountStopTheStart() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("x");
        assertThatThrownBy(() -> OpsAccounts.of(new OperatorAccount("ops", ""), List.of(
                new OpsSecurityProperties.Account("reader", "reader-secret", List.of())), ENCODER))
                .hasMessageContaining("must be a hash");
        assertThatThrownBy(() -> OpsAccounts.of(new OperatorAccount("ops", ""), List.of(
                new OpsSecurityProperties.Account("reader", "{noop}reader-secret", List.of())), ENCODER))
                .hasMessageContaining("must be a hash");
        assertThatThrownBy(() -> OpsAccounts.of(new OperatorAccount("ops", ""), List.of(
                new OpsSecurityProperties.Account("reader", hash, List.of("ROOT"))), ENCODER))
                .hasMessageContaining("unknown role");
        assertThatThrownBy(() -> OpsAccounts.of(new OperatorAccount("ops", "pw"), List.of(
                new OpsSecurityProperties.Account("ops", hash, List.of())), ENCODER))
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> OpsAccounts.of(new OperatorAccount("ops", ""), List.of(
                new OpsSecurityProperties.Account(" ", hash, List.of())), ENCODER))
                .hasMessageContaining("without a name");
    }
}
