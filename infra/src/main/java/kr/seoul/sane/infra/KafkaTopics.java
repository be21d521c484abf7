package kr.seoul.sane.infra;

import java.time.Duration;
import java.util.Collection;
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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the platform's topics up front (the broker would also create them on first use). The catalogue's
 * curation topics and the department directory's topic keep their records forever ({@code retention.ms=-1},
 * {@code retention.bytes=-1}): catalog-service rebuilds its read models, every reader of the directory and every
 * service's ops-security their copies by replaying them, as docker-compose's kafka-init and the Kubernetes topic Job set up.
 */
final class KafkaTopics {

    /** Curation event logs of catalog-service: never expire. */
    static final List<String> CATALOG_TOPICS = List.of("catalog.case-published", "catalog.case-withdrawn",
            "catalog.institution-upserted");
    /** The department directory's event log (routing-service): replayed from the beginning by its readers. */
    static final String DIRECTORY_TOPIC = "department.directory-changed";
    /** The operator accounts every service rebuilds its copy from (proposal-service's console). */
    static final String ACCOUNTS_TOPIC = "ops.account-changed";
    /** Every topic whose records never expire. */
    static final List<String> KEPT_FOREVER = List.of(CATALOG_TOPICS.get(0), CATALOG_TOPICS.get(1),
            CATALOG_TOPICS.get(2), DIRECTORY_TOPIC, ACCOUNTS_TOPIC);
    static final List<String> TOPICS = List.of("proposal.submitted", "proposal.routed", "proposal.status-changed",
            "proposal.triaged", "proposal.erasure-requested", "proposal.personal-data-erased", "catalog.suggested",
            "notification.delivered", "notification.failed", CATALOG_TOPICS.get(0), CATALOG_TOPICS.get(1),
            CATALOG_TOPICS.get(2), DIRECTORY_TOPIC, ACCOUNTS_TOPIC);
    static final int PARTITIONS = Integer.getInteger("platform.kafka.partitions", 6);
    /** Unlimited retention by time and by size. */
    static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

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

    /** The topic as it is created: the configured partitions, and unlimited retention for the catalogue topics. */
    static NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
        return KEPT_FOREVER.contains(name) ? topic.configs(KEEP_FOREVER) : topic;
    }

    /**
     * The config changes that give existing catalogue topics unlimited retention (a topic catalog-service or an
     * older launcher created with the broker's 7 days); empty when every one already keeps its records forever.
     */
    static Map<ConfigResource, List<AlterConfigOp>> retentionFixes(Map<ConfigResource, Config> current) {
        Map<ConfigResource, List<AlterConfigOp>> fixes = new HashMap<>();
        current.forEach((resource, config) -> {
            if (!KEPT_FOREVER.contains(resource.name())) {
                return;
            }
            List<AlterConfigOp> ops = KEEP_FOREVER.entrySet().stream()
                    .filter(e -> {
                        ConfigEntry entry = config == null ? null : config.get(e.getKey());
                        return entry == null || !e.getValue().equals(entry.value());
                    })
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            if (!ops.isEmpty()) {
                fixes.put(resource, ops);
            }
        });
        return fixes;
    }

    /** Existing catalogue topics get unlimited retention when they do not have it yet. */
    private static void keepCatalogueForever(Admin admin, Set<String> existing, Consumer<String> out) throws Exception {
        List<ConfigResource> present = KEPT_FOREVER.stream().filter(existing::contains)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        if (present.isEmpty()) {
            return;
        }
        Map<ConfigResource, List<AlterConfigOp>> fixes =
                retentionFixes(admin.describeConfigs(present).all().get(10, TimeUnit.SECONDS));
        if (!fixes.isEmpty()) {
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>(fixes);
            admin.incrementalAlterConfigs(ops).all().get(10, TimeUnit.SECONDS);
            out.accept("unlimited retention for " + fixes.keySet().stream().map(ConfigResource::name).sorted().toList());
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
                    keepCatalogueForever(admin, existing, out);
                    List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                            .map(KafkaTopics::newTopic).toList();
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
