package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path home;

    private Installation with(Map<String, String> env) {
        return new Installation(home.getParent(), home, "java", env);
    }

    @Test
    void withoutVariablesThePasswordIsGeneratedAndTheLinkSecretIsKeptForTheOwnerOnly() throws Exception {
        Credentials first = Credentials.of(with(Map.of()), new Random(1));

        assertThat(first.operatorUser()).isEqualTo("operator");
        assertThat(first.passwordGenerated()).isTrue();
        assertThat(first.operatorPassword()).matches("[A-HJ-NP-Za-km-z2-9]{20}");
        assertThat(first.linkSecret()).matches("[A-HJ-NP-Za-km-z2-9]{40}");
        Path kept = home.resolve("link-secret");
        assertThat(kept).hasContent(first.linkSecret());
        assertThat(Files.getPosixFilePermissions(kept)).doesNotContain(PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);

        Credentials second = Credentials.of(with(Map.of()), new Random(2));
        assertThat(second.linkSecret()).isEqualTo(first.linkSecret());
        assertThat(second.operatorPassword()).isNotEqualTo(first.operatorPassword());
    }

    @Test
    void givenValuesWinTrimmedAndNothingIsWritten() throws Exception {
        Credentials given = Credentials.of(with(Map.of("PLATFORM_OPERATOR_USER", " admin ",
                "PLATFORM_OPERATOR_PASSWORD", "s3cret-password ", "PLATFORM_LINK_SECRET", "link-key")), new Random(1));

        assertThat(given).isEqualTo(new Credentials("admin", "s3cret-password", false, "link-key"));
        assertThat(home.resolve("link-secret")).doesNotExist();
    }

    @Test
    void anEmptyKeptSecretIsReplaced() throws Exception {
        Files.writeString(home.resolve("link-secret"), " \n");

        String secret = Credentials.of(with(Map.of()), new Random(3)).linkSecret();

        assertThat(secret).hasSize(40);
        assertThat(home.resolve("link-secret")).hasContent(secret);
    }

    @Test
    void passwordsUseOnlyCharactersThatAreNotMistakenForOneAnother() {
        Set<Character> used = new java.util.HashSet<>();
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            Credentials.randomPassword(random).chars().forEach(c -> used.add((char) c));
        }
        assertThat(used).doesNotContain('I', 'O', 'l', '0', '1').contains('A', 'z', '2', '9');
    }
}
