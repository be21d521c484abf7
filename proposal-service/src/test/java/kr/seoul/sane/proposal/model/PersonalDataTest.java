package kr.seoul.sane.proposal.model;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {

    @Test
    void masksKeepOnlyWhatIdentifiesNobody() {
        assertThat(PersonalData.maskEmail("kim.seoyeon@example.org")).isEqualTo("k***@example.org");
        assertThat(PersonalData.maskPhone("010-1234-5678")).isEqualTo("***-****-5678");
        assertThat(PersonalData.maskName("김서연")).isEqualTo("김**");
        assertThat(PersonalData.maskName("😀x")).isEqualTo("😀*");
    }

    @Test
    void exceptionsAreDescribedWithoutTheValuesTheyCarry() {
        // what a concurrent upsert of the duplicate-detection entry (keyed by e-mail) reports
        DuplicateKeyException duplicate = new DuplicateKeyException("Write error: E11000 duplicate key error "
                + "collection: sane-proposal.recent_submissions index: _id_ dup key: { _id: \"kim.seoyeon@example.org\" }");
        assertThat(PersonalData.describe(duplicate)).contains("DuplicateKeyException", "k***@example.org")
                .doesNotContain("kim.seoyeon@example.org");

        // a messaging exception's toString() would print the whole failed message
        MessageDeliveryException failed = new MessageDeliveryException(new GenericMessage<>(
                "{\"contactName\":\"김서연\",\"email\":\"kim.seoyeon@example.org\",\"phone\":\"02-1234-5678\"}"),
                "broker down", new IllegalStateException("timeout after 02-1234-5678"));
        assertThat(failed.toString()).contains("kim.seoyeon@example.org");
        assertThat(PersonalData.describe(failed)).contains("MessageDeliveryException", "broker down",
                "IllegalStateException").doesNotContain("kim.seoyeon", "김서연", "02-1234-5678", "1234-5678");
    }
}
