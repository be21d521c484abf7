package kr.seoul.sane.opssecurity;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to start a service whose signing secrets are empty, shorter than {@value #MIN_BYTES} bytes or a known
 * placeholder: with a known key anyone could mint an ADMIN ops cookie or forge department links. Checked are the
 * secrets a service defines: the ops cookie key ({@code platform.ops.session-secret}) and the link key
 * ({@code platform.links.secret}, {@code sane.notification.links.secret}). The local launcher generates random
 * ones; {@code platform.secrets.check=false} turns the check off (the services' unit tests).
 */
public final class SecretsCheck {

    public static final int MIN_BYTES = 32;
    /** The exit status of a service that refused its configuration (sysexits EX_CONFIG); the launcher stops on it. */
    public static final int EXIT_CONFIG = 78;

    /** Property → the environment variable an operator sets. */
    private static final Map<String, String> SECRETS = Map.of(
            "platform.ops.session-secret", "PLATFORM_OPS_SECRET",
            "platform.links.secret", "PLATFORM_LINK_SECRET",
            "sane.notification.links.secret", "PLATFORM_LINK_SECRET");
    private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me", "change-this",
            "changethis", "placeholder", "replace-me", "replaceme", "your-secret", "example", "secret-here", "xxxxxxxx");

    private SecretsCheck() {
    }

    /** Throws {@link WeakSecret} naming every weak secret of this environment. */
    public static void verify(Environment environment) {
        if (!environment.getProperty("platform.secrets.check", Boolean.class, true)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        SECRETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(secret -> {
            if (environment.containsProperty(secret.getKey())) {
                String problem = weakness(environment.getProperty(secret.getKey(), ""));
                if (problem != null) {
                    problems.add(secret.getValue() + " (" + secret.getKey() + "): " + problem);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new WeakSecret(problems);
        }
    }

    /** Why {@code value} is not fit to sign with, or null when it is. */
    public static String weakness(String value) {
        String secret = value == null ? "" : value.strip();
        if (secret.isEmpty()) {
            return "비어 있습니다 (empty)";
        }
        String lower = secret.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                return "예시 값입니다 (a known placeholder: contains '" + placeholder + "')";
            }
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            return bytes + "바이트로 너무 짧습니다 (shorter than " + MIN_BYTES + " bytes)";
        }
        return null;
    }

    /** The start is refused; the message names each weak secret and how to make a good one. */
    public static final class WeakSecret extends IllegalStateException implements ExitCodeGenerator {
        WeakSecret(List<String> problems) {
            super("서명 키가 안전하지 않아 시작하지 않습니다 (refusing to start with unsafe signing secrets): "
                    + String.join("; ", problems) + ". 32바이트 이상의 무작위 값으로 설정하세요, 예: openssl rand -base64 48");
        }

        @Override
        public int getExitCode() {
            return EXIT_CONFIG;
        }
    }
}
