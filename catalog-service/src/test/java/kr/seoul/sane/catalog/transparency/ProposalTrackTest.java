package kr.seoul.sane.catalog.transparency;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored track is read whether its proposal id was kept as a string or, being ObjectId hex, as an ObjectId. */
class ProposalTrackTest {

    @Test
    void aProposalIdStoredAsAnObjectIdIsReadAsItsHexString() {
        String id = "6b1531f77f229cc9a19ba6bb";
        Document asObjectId = new Document("_id", new ObjectId(id)).append("submittedAt", new Date(0))
                .append("field", "WELFARE").append("routings", List.of()).append("changes", List.of());
        Document asString = new Document(asObjectId).append("_id", "proposal-1");
        assertThat(ProposalTrack.from(asObjectId).id()).isEqualTo(id);
        assertThat(ProposalTrack.from(asString).id()).isEqualTo("proposal-1");
    }
}
