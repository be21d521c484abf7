package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The secrets the services start with: the operator's login ({@code PLATFORM_OPERATOR_USER} /
 * {@code PLATFORM_OPERATOR_PASSWORD}; without a password one is generated for this run) and the HMAC key of the
 * signed department and attachment links ({@code PLATFORM_LINK_SECRET}; without it one is generated once and kept
 * under the platform home, so links mailed before a restart keep working).
 *
 * @param passwordGenerated the password was generated for this run (and is to be shown once)
 */
record Credentials(String operatorUser, String operatorPassword, boolean passwordGenerated, String linkSecret) {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 20;

    static Credentials of(Installation installation) throws IOException {
        return of(installation, new SecureRandom());
    }

    static Credentials of(Installation installation, RandomGenerator random) throws IOException {
        String user = installation.setting("PLATFORM_OPERATOR_USER").orElse("operator");
        String given = installation.setting("PLATFORM_OPERATOR_PASSWORD").orElse(null);
        String password = given != null ? given : randomPassword(random);
        return new Credentials(user, password, given == null, linkSecret(installation, random));
    }

    private static String linkSecret(Installation installation, RandomGenerator random) throws IOException {
        String given = installation.setting("PLATFORM_LINK_SECRET").orElse(null);
        if (given != null) {
            return given;
        }
        Path file = installation.home().resolve("link-secret");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String secret = randomPassword(random) + randomPassword(random);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
        return secret;
    }

    /** Twenty characters of letters and digits that are not mistaken for one another (no I, O, l, 0, 1). */
    static String randomPassword(RandomGenerator random) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
