package kr.seoul.sane.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads every document of every database of the platform's store (127.0.0.1:27017) from outside the services, to
 * find what a service still holds: the places ({@code database.collection/_id}) whose document mentions one of the
 * given strings.
 */
final class StoreScan {

    private static final Set<String> SYSTEM = Set.of("admin", "local", "config");

    private StoreScan() {
    }

    static List<String> documentsHolding(List<String> values) {
        List<String> places = new ArrayList<>();
        if (values.isEmpty()) {
            return places;
        }
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:27017")) {
            for (String name : client.listDatabaseNames()) {
                if (SYSTEM.contains(name)) {
                    continue;
                }
                MongoDatabase database = client.getDatabase(name);
                for (String collection : database.listCollectionNames()) {
                    for (Document document : database.getCollection(collection).find()) {
                        String text = document.toJson();
                        for (String value : values) {
                            if (text.contains(value)) {
                                places.add(name + "." + collection + "/" + document.get("_id") + " holds " + value);
                            }
                        }
                    }
                }
            }
        }
        return places;
    }
}
