package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InfrastructureTest {

    private static Infrastructure of(Map<String, String> env) {
        return Infrastructure.of(new Installation(Path.of("/checkout"), Path.of("/checkout/.platform"), "java", env));
    }

    @Test
    void withoutVariablesEverythingIsEmbeddedOnTheFixedPorts() {
        Infrastructure embedded = of(Map.of("KAFKA_BOOTSTRAP_SERVERS", " ", "MONGODB_URI", ""));

        assertThat(embedded).isEqualTo(new Infrastructure(true, true, true, "127.0.0.1:9092",
                "mongodb://127.0.0.1:27017", "127.0.0.1", "2525"));
        assertThat(embedded.ports()).containsExactly(9092, 9093, 27017, 2525, 8025, 8026, 3143);
    }

    @Test
    void externalPartsAreUsedAsGivenAndTheirPortsAreNotChecked() {
        Infrastructure external = of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "MONGODB_URI", "mongodb://sane:secret@mongo:27017/sane", "SMTP_HOST", " mail.example ",
                "SMTP_PORT", "587"));

        assertThat(external).isEqualTo(new Infrastructure(false, false, false, "kafka:9092",
                "mongodb://sane:secret@mongo:27017/sane", "mail.example", "587"));
        assertThat(external.ports()).isEmpty();
        assertThat(external.maskedMongoUri()).isEqualTo("mongodb://***@mongo:27017/sane");
    }

    @Test
    void anSmtpHostAloneMeansAnExternalServerOnTheDefaultPort() {
        Infrastructure mail = of(Map.of("SMTP_HOST", "mail.example"));

        assertThat(mail.embeddedMail()).isFalse();
        assertThat(mail.smtpPort()).isEqualTo("2525");
        assertThat(mail.ports()).containsExactly(9092, 9093, 27017);
        assertThat(of(Map.of("SMTP_PORT", "25")).smtpHost()).isEqualTo("127.0.0.1");
    }
}
