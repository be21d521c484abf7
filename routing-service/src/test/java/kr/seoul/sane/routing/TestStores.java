package kr.seoul.sane.routing;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.InetSocketAddress;

/** What the service tests set up the same way: the in-memory MongoDB's address and an operator without ADMIN. */
public final class TestStores {

    private TestStores() {
    }

    /**
     * Points the service at the mongo-java-server bound to {@code mongo} and adds the operator {@code reader}
     * (password {@code reader-secret}, kept as the bcrypt hash) with the role OPERATOR only.
     */
    public static void mongoAndReader(DynamicPropertyRegistry registry, InetSocketAddress mongo) {
        registry.add("spring.mongodb.uri", () -> "mongodb://" + mongo.getHostString() + ":" + mongo.getPort());
        registry.add("platform.ops.users[0].name", () -> "reader");
        registry.add("platform.ops.users[0].password",
                () -> "{bcrypt}" + new BCryptPasswordEncoder().encode("reader-secret"));
        registry.add("platform.ops.users[0].roles", () -> "OPERATOR");
    }
}
