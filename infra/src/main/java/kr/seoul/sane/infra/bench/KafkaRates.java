package kr.seoul.sane.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's raw rates with the platform's client pattern, on a scratch topic of as many partitions as the platform's
 * topics: records sent one at a time and awaited, then consumed and committed one at a time.
 */
final class KafkaRates {

    /** Partitions of the scratch topic, as the platform's topics have. */
    private static final int PARTITIONS = 6;

    private final String bootstrap;
    private final String topic;
    private final ClosedLoop loop;

    KafkaRates(String bootstrap, String topic, ClosedLoop loop) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.loop = loop;
    }

    /** 1 KB records, each sent synchronously ({@code send().get()}, {@code acks=all}) from 32 threads. */
    double produce() throws Exception {
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            AtomicLong next = new AtomicLong();
            return loop.rate(32, () -> producer.send(new ProducerRecord<>(topic, "p-" + next.incrementAndGet() % 1000,
                    value)).get());
        }
    }

    /** The records sent above, each fetched and committed on its own, by one consumer per partition of a group. */
    double consume() throws Exception {
        AtomicLong consumed = new AtomicLong();
        CountDownLatch assigned = new CountDownLatch(PARTITIONS);
        AtomicLong start = new AtomicLong();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < PARTITIONS; c++) {
            consumers.add(Thread.ofPlatform().daemon().start(() -> {
                Properties props = new Properties();
                props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
                props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
                props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
                props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                    consumer.subscribe(List.of(topic));
                    long joinDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    boolean counted = false;
                    long end = Long.MAX_VALUE;
                    while (System.nanoTime() < Math.min(end, joinDeadline + loop.window().toNanos())) {
                        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                        if (!counted && !consumer.assignment().isEmpty()) {
                            counted = true;
                            assigned.countDown();
                            assigned.await(30, TimeUnit.SECONDS);
                            start.compareAndSet(0, System.nanoTime());
                            end = start.get() + loop.window().toNanos();
                        }
                        if (!batch.isEmpty()) {
                            consumer.commitSync();
                            if (counted) {
                                consumed.addAndGet(batch.count());
                            }
                        }
                    }
                } catch (Exception e) {
                    // counted as not consumed
                }
            }));
        }
        for (Thread consumer : consumers) {
            consumer.join();
        }
        return start.get() == 0 ? 0 : consumed.get() / ((System.nanoTime() - start.get()) / 1e9);
    }

    /** Deletes the scratch topic (a topic left behind is harmless). */
    void deleteTopic() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a scratch topic left behind is harmless
        }
    }
}
