package kr.seoul.sane.infra;

import java.util.ArrayList;
import java.util.List;

/**
 * What runs embedded and where the services find each part. {@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI},
 * {@code SMTP_HOST}/{@code SMTP_PORT} switch to external infrastructure; unset (or blank), the launcher starts its
 * own broker, store and mail sink on the fixed ports.
 */
record Infrastructure(boolean embeddedKafka, boolean embeddedMongo, boolean embeddedMail, String kafkaBootstrap,
                      String mongoUri, String smtpHost, String smtpPort) {

    static Infrastructure of(Installation installation) {
        boolean embeddedKafka = installation.setting("KAFKA_BOOTSTRAP_SERVERS").isEmpty();
        boolean embeddedMongo = installation.setting("MONGODB_URI").isEmpty();
        boolean embeddedMail = installation.setting("SMTP_HOST").isEmpty()
                && installation.setting("SMTP_PORT").isEmpty();
        String host = Topology.HOST;
        String smtpPort = Integer.toString(Topology.SMTP_PORT);
        return new Infrastructure(embeddedKafka, embeddedMongo, embeddedMail,
                embeddedKafka ? host + ":" + Topology.KAFKA_PORT : installation.env().get("KAFKA_BOOTSTRAP_SERVERS"),
                embeddedMongo ? "mongodb://" + host + ":" + Topology.MONGO_PORT : installation.env().get("MONGODB_URI"),
                embeddedMail ? host : installation.setting("SMTP_HOST").orElse(host),
                embeddedMail ? smtpPort : installation.setting("SMTP_PORT").orElse(smtpPort));
    }

    /** The fixed ports the embedded parts listen on (which must be free before the start). */
    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        if (embeddedKafka) {
            ports.addAll(List.of(Topology.KAFKA_PORT, Topology.KAFKA_CONTROLLER_PORT));
        }
        if (embeddedMongo) {
            ports.add(Topology.MONGO_PORT);
        }
        if (embeddedMail) {
            ports.addAll(List.of(Topology.SMTP_PORT, Topology.MAIL_API_PORT, Topology.MAIL_ARRIVALS_PORT,
                    Topology.MAIL_IMAP_PORT));
        }
        return ports;
    }

    /** The MongoDB URI without its password, for the output. */
    String maskedMongoUri() {
        return mongoUri == null ? null : mongoUri.replaceAll("//[^@/]*@", "//***@");
    }
}
