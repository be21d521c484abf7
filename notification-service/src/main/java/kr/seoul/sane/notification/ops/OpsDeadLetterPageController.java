package kr.seoul.sane.notification.ops;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kr.seoul.sane.notification.intake.EventIntake;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code /ops/dead-letters}: the dead-letter topics of every service ({@code error.<topic>.<service>}) and their
 * records, filtered by service and source topic; one record is replayed to its source topic from its row (POST with
 * CSRF token, then back to the list, which says where the copy went) when the platform consumes that topic.
 */
@Controller
@RequestMapping("/ops/dead-letters")
class OpsDeadLetterPageController {

    private static final Logger log = LoggerFactory.getLogger(OpsDeadLetterPageController.class);
    static final int LIMIT = 200;
    static final int PREVIEW = 160;
    private static final Pattern PLACE = Pattern.compile("[A-Za-z0-9._-]{1,249}/\\d{1,9}/\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

    private final DeadLetters deadLetters;
    private final OpsPageSupport pages;

    OpsDeadLetterPageController(DeadLetters deadLetters, OpsPageSupport pages) {
        this.deadLetters = deadLetters;
        this.pages = pages;
    }

    record Topic(String name, String service, String originalTopic, Long size, boolean replayable) {
    }

    record Row(String topic, int partition, long offset, String time, String timeIso, String key, String service,
               String originalTopic, String errorClass, String errorCause, String error, String preview, String value,
               boolean shortened, String replayPath) {
    }

    @GetMapping
    ModelAndView list(@RequestParam(required = false) String replayed, @RequestParam(required = false) String to,
                      @RequestParam(required = false) String service, @RequestParam(required = false) String topic,
                      Locale locale) {
        DeadLetterFilter filter = new DeadLetterFilter(service, topic);
        if (!filter.valid()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deadLetters.badFilter", "/ops/dead-letters", locale);
        }
        List<DeadLetters.TopicSize> sizes;
        DeadLetters.Listing listing;
        try {
            sizes = deadLetters.sizes();
            listing = deadLetters.list(LIMIT, filter);
        } catch (KafkaException e) {
            log.warn("dead letters not read: {}", e.toString());
            return pages.problem(HttpStatus.SERVICE_UNAVAILABLE, "deadLetters.brokerUnavailable", "/ops/deliveries",
                    locale);
        }
        Map<String, DeadLetters.TopicSize> byName = new TreeMap<>();
        sizes.forEach(size -> byName.put(size.topic().name(), size));
        // this service's own dead-letter topics are shown before anything was dead-lettered
        for (String name : EventIntake.deadLetterTopics()) {
            DeadLetterTopic.parse(name).ifPresent(t -> byName.putIfAbsent(name, new DeadLetters.TopicSize(t, -1)));
        }
        List<Topic> topics = byName.values().stream()
                .sorted(Comparator.comparing((DeadLetters.TopicSize t) -> String.valueOf(t.topic().service()))
                        .thenComparing(t -> String.valueOf(t.topic().sourceTopic())))
                .filter(t -> filter.test(t.topic()))
                .map(t -> new Topic(t.topic().name(), t.topic().service(), t.topic().sourceTopic(),
                        t.size() < 0 ? null : t.size(), t.topic().replayTarget().isPresent()))
                .toList();
        List<Row> rows = new ArrayList<>();
        for (DeadLetters.Entry e : listing.items()) {
            String value = e.value();
            boolean shortened = value != null && value.length() > PREVIEW;
            rows.add(new Row(e.topic(), e.partition(), e.offset(), OpsPageSupport.seoul(e.timestamp()),
                    e.timestamp() == null ? null : e.timestamp().toString(), e.key(), e.service(), e.originalTopic(),
                    e.errorClass(), e.errorCause(), e.error(),
                    shortened ? value.substring(0, PREVIEW) + "…" : value, value, shortened,
                    e.replayable() ? "/ops/dead-letters/" + e.topic() + "/" + e.partition() + "/" + e.offset()
                            + "/replay" : null));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("opsPage", "dead-letters");
        model.put("topics", topics);
        model.put("rows", rows);
        model.put("total", listing.total());
        model.put("truncated", listing.truncated());
        model.put("limit", LIMIT);
        model.put("service", filter.service());
        model.put("topic", filter.sourceTopic());
        model.put("services", choices(byName.values(), DeadLetterTopic::service));
        model.put("sourceTopics", choices(byName.values(), DeadLetterTopic::sourceTopic));
        if (replayed != null && to != null && PLACE.matcher(replayed).matches() && PLACE.matcher(to).matches()) {
            model.put("notice", pages.text("deadLetters.notice.replayed", locale, replayed, to));
        }
        return new ModelAndView("ops/dead-letters", model);
    }

    /** The distinct values of the topics, for the filter's choices. */
    private static List<String> choices(Collection<DeadLetters.TopicSize> topics,
                                        Function<DeadLetterTopic, String> value) {
        return topics.stream().map(t -> value.apply(t.topic())).filter(Objects::nonNull).distinct().sorted().toList();
    }

    @PostMapping("/{topic}/{partition}/{offset}/replay")
    ModelAndView replay(@PathVariable String topic, @PathVariable String partition, @PathVariable String offset,
                        Locale locale) {
        Optional<DeadLetterTopic> deadLetterTopic = DeadLetterTopic.parse(topic);
        if (deadLetterTopic.isEmpty()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deadLetters.badTopic", "/ops/dead-letters", locale);
        }
        if (deadLetterTopic.get().replayTarget().isEmpty()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deadLetters.badTarget", "/ops/dead-letters", locale,
                    topic, String.join(", ", DeadLetterTopic.CONSUMED_TOPICS));
        }
        if (!NUMBER.matcher(partition).matches() || Long.parseLong(partition) > Integer.MAX_VALUE
                || !NUMBER.matcher(offset).matches()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deadLetters.badPlace", "/ops/dead-letters", locale);
        }
        Optional<RecordMetadata> sent;
        try {
            sent = deadLetters.replayAt(deadLetterTopic.get(), Integer.parseInt(partition), Long.parseLong(offset));
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.warn("dead letter {}/{}/{} not replayed: {}", topic, partition, offset, e.toString());
            return pages.problem(HttpStatus.SERVICE_UNAVAILABLE, "deadLetters.brokerUnavailable",
                    "/ops/dead-letters", locale);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pages.problem(HttpStatus.SERVICE_UNAVAILABLE, "deadLetters.brokerUnavailable",
                    "/ops/dead-letters", locale);
        }
        if (sent.isEmpty()) {
            return pages.problem(HttpStatus.NOT_FOUND, "deadLetters.notFound", "/ops/dead-letters", locale,
                    topic + "/" + partition + "/" + offset);
        }
        String back = UriComponentsBuilder.fromPath("/ops/dead-letters")
                .queryParam("replayed", topic + "/" + partition + "/" + offset)
                .queryParam("to", sent.get().topic() + "/" + sent.get().partition() + "/" + sent.get().offset())
                .encode().build().toUriString();
        return new ModelAndView("redirect:" + back);
    }
}
