package kr.seoul.sane.notification.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.notification.mail.RecipientRole;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Mail bodies are stored as BSON binary of their UTF-8 bytes, and bodies stored as strings before still read. */
class MailBodyStorageTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress ADDRESS = MONGO.bind();
    private static final MongoClient CLIENT = MongoClients.create(
            "mongodb://" + ADDRESS.getHostString() + ":" + ADDRESS.getPort());

    private final MongoTemplate mongo = template("bodies-" + System.nanoTime());

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.shutdownNow();
    }

    @Test
    void bodiesAreStoredAsUtf8BinaryAndReadBackAsTheSameText() {
        String text = "안녕하세요. 골목 재활용 <거점> & 나눔 🌱";
        String html = "<p>안녕하세요. 골목 재활용 &lt;거점&gt; &amp; 나눔 🌱</p>";
        mongo.insert(delivery("d-1", MailBody.of(text), MailBody.of(html)));

        Document raw = mongo.getCollection(DeliveryStore.COLLECTION).find(new Document("_id", "d-1")).first();
        assertThat(raw.get("textBody")).isInstanceOf(Binary.class);
        assertThat(((Binary) raw.get("textBody")).getData()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        Delivery read = mongo.findById("d-1", Delivery.class);
        assertThat(read.textBody().text()).isEqualTo(text);
        assertThat(read.htmlBody()).isEqualTo(MailBody.of(html));
    }

    @Test
    void bodiesStoredAsStringsBeforeStillRead() {
        mongo.getCollection(DeliveryStore.COLLECTION).insertOne(new Document("_id", "old")
                .append("recipient", "applicant@example.org").append("status", "SENT").append("attempts", 1)
                .append("permanentFailure", false)
                .append("textBody", "예전 본문").append("htmlBody", "<p>예전 본문</p>"));

        Delivery read = mongo.findById("old", Delivery.class);

        assertThat(read.textBody().text()).isEqualTo("예전 본문");
        assertThat(read.htmlBody().text()).isEqualTo("<p>예전 본문</p>");
    }

    @Test
    void aDeliveryWithoutBodiesStaysWithout() {
        mongo.insert(delivery("stripped", null, null));
        Delivery read = mongo.findById("stripped", Delivery.class);
        assertThat(read.textBody()).isNull();
        assertThat(read.htmlBody()).isNull();
    }

    /** A template converting as the service's: with the service's {@link MailBodyConversions}. */
    private static MongoTemplate template(String database) {
        SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(CLIENT, database);
        var conversions = new MailBodyConversions().mongoCustomConversions();
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return new MongoTemplate(factory, converter);
    }

    private static Delivery delivery(String id, MailBody text, MailBody html) {
        Instant now = Instant.parse("2026-03-02T01:00:00Z");
        return new Delivery(id, "e-" + id, "proposal.submitted", now, "p-1", null, "applicant-receipt",
                RecipientRole.APPLICANT, null, "applicant@example.org", List.of(), "제목", text, html,
                DeliveryStatus.SENDING, 1, now, null, now.plusSeconds(120), null, null, false, null);
    }
}
