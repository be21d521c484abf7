package kr.seoul.sane.infra;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the platform's topics up front (the broker would also create them on first use). */
final class KafkaTopics {

    static final List<String> TOPICS = List.of("proposal.submitted", "proposal.routed", "proposal.status-changed",
            "proposal.triaged", "proposal.erasure-requested", "proposal.personal-data-erased", "catalog.suggested",
            "notification.delivered", "notification.failed");
    static final int PARTITIONS = Integer.getInteger("platform.kafka.partitions", 6);

    private KafkaTopics() {
    }

    /** A topic a client created first (with the broker's default partitions) gets the configured count. */
    private static void widen(Admin admin, Set<String> existing, Consumer<String> out) throws Exception {
        List<String> present = TOPICS.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return;
        }
        Map<String, NewPartitions> more = new HashMap<>();
        admin.describeTopics(present).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) -> {
            if (description.partitions().size() < PARTITIONS) {
                more.put(name, NewPartitions.increaseTo(PARTITIONS));
            }
        });
        if (!more.isEmpty()) {
            admin.createPartitions(more).all().get(10, TimeUnit.SECONDS);
            out.accept("raised the partitions of " + more.keySet() + " to " + PARTITIONS);
        }
    }

    /** Returns true when every topic exists; retries until the broker answers or the timeout passes. */
    static boolean ensure(String bootstrap, Duration timeout, Consumer<String> out) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                    widen(admin, existing, out);
                    List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                            .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
                    if (!missing.isEmpty()) {
                        admin.createTopics(missing).values().forEach((name, future) -> {
                            try {
                                future.get(10, TimeUnit.SECONDS);
                            } catch (ExecutionException e) {
                                if (!(e.getCause() instanceof TopicExistsException)) {
                                    throw new IllegalStateException(e.getCause());
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        out.accept("created topics " + missing.stream().map(NewTopic::name).toList() + " with "
                                + PARTITIONS + " partitions");
                    }
                    return true;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    last = e.getMessage();
                    Thread.sleep(500);
                }
            }
        }
        out.accept("could not create the topics (" + last + "); the broker will create them on first use");
        return false;
    }

}
