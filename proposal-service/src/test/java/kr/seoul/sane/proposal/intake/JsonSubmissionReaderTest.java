package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.opssecurity.JsonReadLimits;
import kr.seoul.sane.proposal.api.ApiError;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSubmissionReaderTest {

    private final JsonSubmissionReader reader =
            new JsonSubmissionReader(new JsonReadLimits(DataSize.ofMegabytes(1), 262_144, 64, 100, 1_000));

    @Test
    void theSubmissionParserKeepsThePlatformsReadLimits() {
        // within Jackson's own defaults (500 levels, 1,000 digits), past the platform's (64 levels, 100 digits)
        String nested = "{\"organization\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";
        String longNumber = "{\"organization\":" + "9".repeat(150) + "}";
        for (String body : new String[] {nested, longNumber}) {
            JsonSubmissionReader.Parsed parsed = reader.read(body.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.submission()).isNull();
            assertThat(parsed.errors()).extracting(ApiError::message).singleElement().asString()
                    .startsWith("요청 JSON이 허용 한도를 넘습니다").contains("중첩은 64단계", "숫자는 100자리");
        }
    }

    @Test
    void jsonWithinTheLimitsIsReadAsBefore() {
        String shallow = "{\"organization\":" + "{\"a\":".repeat(10) + "1" + "}".repeat(10) + "}";
        JsonSubmissionReader.Parsed parsed = reader.read(shallow.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.errors()).extracting(ApiError::field).contains("organization");
        assertThat(parsed.errors()).extracting(ApiError::message).noneMatch(m -> m.contains("허용 한도"));
    }
}
