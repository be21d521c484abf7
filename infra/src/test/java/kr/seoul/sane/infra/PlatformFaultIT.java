package kr.seoul.sane.infra;

import static kr.seoul.sane.infra.PlatformEndToEndIT.await;
import static kr.seoul.sane.infra.PlatformEndToEndIT.healthy;
import static kr.seoul.sane.infra.PlatformEndToEndIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import kr.seoul.sane.infra.mail.MailSinkClient;

/**
 * The fault suite: while proposals keep arriving through the gateway and applicants keep erasing their personal data
 * (every {@value #ERASE_EVERY}th proposal: code requested, and once the mail with the code arrived, erasure confirmed), the platform
 * is hit by (a) the Kafka broker stopped for {@value #OUTAGE_SECONDS} s, longer than proposal-service's outbox
 * delivery timeout (30 s), while {@value #OUTAGE_ERASURES} erasures are confirmed, (b) the SMTP server unresponsive for 60 s, (c) kill -9 of routing-service and
 * notification-service (the platform runs two instances of each, {@code --replicas 2}: each instance is killed
 * once while the other goes on), (d) kill -9 of the MongoDB store, (e) kill -9 of the Kafka broker (down for 10 s) and
 * (f) a poison event. Afterwards every accepted proposal must be routed (to a department or to triage), every
 * required mail delivered (receipts, department mails and routing notices counted apart) with no second message,
 * at most one same-Message-ID copy per kill and sender, and the poison event must sit in the dead-letter topic and be
 * replayable. Every erased proposal must be gone from the tracking API, and no document in any service's database
 * may hold an erased applicant's e-mail address. The counts are printed.
 *
 * <p>Runs with {@code ./mvnw verify} (about six minutes); {@code -Dplatform.faults.skip=true} leaves it out.
 */
class PlatformFaultIT {

    private static final String GATEWAY = PlatformEndToEndIT.GATEWAY;
    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "faults-" + UUID.randomUUID();
    /** kill -9: routing-service and notification-service twice each, the store and the broker once each. */
    private static final int KILLS = 6;
    /**
     * notification-service's SMTP senders per instance: a kill (of the service, or of the store or broker it records
     * through) can catch each sender between SMTP's acceptance of a message and its record as sent at most once.
     */
    private static final int SENDERS = 16;
    /** The applicant's receipt and routing notice, recognised by their Korean subjects. */
    private static final String RECEIPT_SUBJECT = "협력제안이 접수되었습니다";
    private static final String ROUTED_SUBJECT = "에 전달되었습니다";
    private static final String ERASURE_CODE_SUBJECT = "개인정보 삭제 확인 코드";
    private static final Pattern ERASURE_CODE = Pattern.compile("확인 코드: ([0-9]{6})");
    /** Every ERASE_EVERY-th accepted proposal is erased at its applicant's request while the faults go on. */
    static final int ERASE_EVERY = 8;
    /** The broker outage of (a): longer than the outbox producer's delivery timeout (30 s). */
    static final int OUTAGE_SECONDS = 40;
    /** Erasures confirmed while the broker is down in (a). */
    static final int OUTAGE_ERASURES = 4;
    private static final List<String[]> TOPICS = List.of(
            new String[] {"한강공원 플라스틱 줍기와 다회용기 대여", "한강공원에서 시민과 함께 플라스틱 쓰레기를 줍고 공원 매점과 다회용기 대여를 시범 운영하려고 합니다.", "ENVIRONMENT_PARKS"},
            new String[] {"어르신 디지털 교육 봉사단", "동네 복지관에서 어르신께 스마트폰과 키오스크 사용법을 가르치는 대학생 봉사단을 운영하고 싶습니다.", "WELFARE"},
            new String[] {"청년 창업 멘토링 협력", "우리 회사 임직원이 청년 창업가에게 사업계획과 투자 유치를 멘토링하는 프로그램을 서울시와 함께 만들고 싶습니다.", "ECONOMY_JOBS"},
            new String[] {"어린이 보호구역 안전 캠페인", "초등학교 앞 어린이 보호구역에서 등하굣길 교통안전 캠페인과 옐로카펫 설치를 함께 하고 싶습니다.", "SAFETY_TRANSPORT"});

    private final ObjectMapper json = new ObjectMapper();
    private final MailSinkClient mailSink = new MailSinkClient("http://127.0.0.1:8025");
    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean submitting = new AtomicBoolean(true);
    /** Tracking codes of the proposals whose erasure was confirmed. */
    private final Set<String> erased = ConcurrentHashMap.newKeySet();
    /** Tracking codes taken by an erasure (the continuous eraser or the outage's), so no proposal is taken twice. */
    private final Set<String> takenForErasure = ConcurrentHashMap.newKeySet();
    private final AtomicInteger erasuresUnfinished = new AtomicInteger();
    /** Erasures asked for whose code has not arrived yet. */
    private final List<Accepted> awaitingCode = new CopyOnWriteArrayList<>();

    @TempDir
    Path platformHome;

    private PlatformEndToEndIT.Platform running;

    record Accepted(String trackingCode, String email, String title) {
    }

    @AfterEach
    void stop() throws Exception {
        submitting.set(false);
        if (running != null) {
            running.stop();
            // the services' logs outlive the temporary home, for a failure's post-mortem
            Path logs = platformHome.resolve("logs");
            Path kept = Path.of("target", "fault-logs");
            if (Files.isDirectory(logs)) {
                Files.createDirectories(kept);
                try (var files = Files.list(logs)) {
                    for (Path log : files.toList()) {
                        Files.copy(log, kept.resolve(log.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    @Test
    void nothingAcceptedIsLostAndNoMailIsSentTwice() throws Exception {
        assumeFalse(Boolean.getBoolean("platform.faults.skip"), "fault suite skipped (-Dplatform.faults.skip=true)");
        assertThat(PlatformEndToEndIT.FIXED_PORTS.stream().filter(PlatformEndToEndIT::inUse).toList())
                .as("the fault suite needs the platform's fixed ports").isEmpty();
        running = PlatformEndToEndIT.Platform.start(root, platformHome,
                Map.of("PLATFORM_OPERATOR_USER", OPERATOR, "PLATFORM_OPERATOR_PASSWORD", PASSWORD),
                List.of("--replicas", "2"));
        running.awaitReady(PlatformEndToEndIT.READY_TIMEOUT);

        Thread submitter = Thread.ofPlatform().name("fault-submitter").start(this::submitWhileRunning);
        Thread eraser = Thread.ofPlatform().name("fault-eraser").start(this::eraseWhileRunning);
        pause(8);

        // (a) the broker is stopped for longer than the outbox's delivery timeout; erasures confirmed meanwhile
        Map<Accepted, String> codes = new LinkedHashMap<>();
        for (Accepted proposal : List.copyOf(accepted).reversed()) {
            if (codes.size() < OUTAGE_ERASURES && takenForErasure.add(proposal.trackingCode())) {
                assertThat(askErasureCode(proposal)).as("erasure code for %s asked", proposal.trackingCode()).isTrue();
                codes.put(proposal, await(Duration.ofMinutes(3), "erasure code mail for " + proposal.trackingCode(),
                        () -> codeFromMail(proposal)));
            }
        }
        log("(a) Kafka broker stopped for " + OUTAGE_SECONDS + " s; " + codes.size()
                + " erasures confirmed meanwhile");
        holdDown("kafka", Duration.ofSeconds(OUTAGE_SECONDS), false, () -> {
            for (Map.Entry<Accepted, String> erasure : codes.entrySet()) {
                assertThat(confirmErasure(erasure.getKey(), erasure.getValue()))
                        .as("erasure of %s confirmed while the broker is down", erasure.getKey().trackingCode())
                        .isTrue();
            }
        });
        pause(10);

        // (b) the SMTP server stops answering for 60 s (the process is frozen, its mailboxes are kept)
        log("(b) SMTP server unresponsive for 60 s");
        ProcessHandle mailSink = child("mail-sink");
        signal("STOP", mailSink);
        pause(60);
        signal("CONT", mailSink);
        pause(5);

        // (c) kill -9 of routing-service and notification-service (two instances each: the second keeps working
        // while the first is gone, then the other way round); the launcher restarts them
        for (String instance : List.of("", "-2")) {
            int offset = instance.isEmpty() ? 0 : 100;
            log("(c) kill -9 routing-service" + instance + " and notification-service" + instance
                    + " (the other instance of each goes on)");
            child("routing-service" + instance).destroyForcibly();
            child("notification-service" + instance).destroyForcibly();
            await(Duration.ofMinutes(3), "routing-service" + instance + " and notification-service" + instance
                    + " healthy again", () -> healthy(8082 + offset) && healthy(8083 + offset) ? Boolean.TRUE : null);
            pause(5);
        }

        // (d) kill -9 of the store: every write it acknowledged is on disk (group commit), the launcher restarts it
        log("(d) kill -9 of the MongoDB store");
        child("mongo-store").destroyForcibly();
        pause(15);

        // (e) kill -9 of the Kafka broker, kept down for 10 s
        log("(e) kill -9 of the Kafka broker, down for 10 s");
        holdDown("kafka", Duration.ofSeconds(10), true, () -> { });
        pause(10);

        // (f) a poison event on proposal.submitted
        log("(f) poison event");
        String poisonKey = "poison-" + UUID.randomUUID();
        publishPoison(poisonKey);
        pause(5);

        submitting.set(false);
        submitter.join(30_000);
        eraser.join(30_000);
        await(Duration.ofMinutes(4), "every erasure code asked for mailed and confirmed", () ->
                confirmArrivedCodes() ? Boolean.TRUE : null);
        log("submissions stopped: " + accepted.size() + " accepted, " + refused.get() + " refused during faults; "
                + erased.size() + " erased at the applicant's request (" + erasuresUnfinished.get()
                + " erasure requests left unconfirmed)");

        AtomicReference<Outcome> last = new AtomicReference<>();
        Outcome outcome;
        try {
            outcome = await(Duration.ofMinutes(6), "every accepted proposal routed and its mails delivered", () -> {
                Outcome now = outcome();
                last.set(now);
                return now.settled() ? now : null;
            });
        } catch (AssertionError e) {
            Outcome now = last.get();
            if (now != null) {
                log("not settled: routed=" + now.routed() + "/" + (accepted.size() - takenForErasure.size())
                        + " delivered=" + now.delivered() + "/" + now.expected() + "; first missing: " + now.missing());
            }
            throw e;
        }
        log(String.format("counts: accepted=%d (erasure asked for %d, confirmed %d; the others counted below)"
                        + " routed=%d (to a department %d, to triage %d) mailsExpected=%d"
                        + " delivered=%d duplicates=%d lost=%d; applicant receipts %d/%d, department mails %d/%d,"
                        + " applicant routing notices %d/%d (delivered/expected); SMTP retransmissions of a delivered"
                        + " message, same Message-ID: %d (%d kills)", accepted.size(), takenForErasure.size(),
                erased.size(),
                outcome.routed(), outcome.toDepartment(), outcome.toTriage(), outcome.expected(), outcome.delivered(),
                outcome.duplicates(), outcome.lost(), outcome.receipts().delivered(), outcome.receipts().expected(),
                outcome.departmentMails().delivered(), outcome.departmentMails().expected(),
                outcome.routingNotices().delivered(), outcome.routingNotices().expected(), outcome.retransmissions(),
                KILLS));

        assertThat(accepted.size()).as("proposals accepted during the faults").isGreaterThan(100);
        assertThat(erased.size()).as("erasures confirmed during the faults")
                .isGreaterThanOrEqualTo(OUTAGE_ERASURES + 5);
        for (Accepted proposal : accepted) {
            if (erased.contains(proposal.trackingCode())) {
                assertThat(tracking(proposal).statusCode()).as("erased %s still tracked", proposal.trackingCode())
                        .isEqualTo(404);
            }
        }
        List<String> erasedEmails = accepted.stream().filter(p -> erased.contains(p.trackingCode()))
                .map(Accepted::email).toList();
        String kept = accepted.stream().filter(p -> !takenForErasure.contains(p.trackingCode())).findFirst()
                .orElseThrow().email();
        assertThat(StoreScan.documentsHolding(List.of(kept))).as("the scan finds the address of a proposal not erased")
                .isNotEmpty();
        AtomicReference<List<String>> holding = new AtomicReference<>();
        try {
            await(Duration.ofMinutes(2), "no erased applicant's address in any service's database", () -> {
                holding.set(StoreScan.documentsHolding(erasedEmails));
                if (!holding.get().isEmpty()) {
                    log("still holding an erased address: " + holding.get());
                }
                return holding.get().isEmpty() ? Boolean.TRUE : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; still held: " + holding.get(), e);
        }
        log("erasures: " + erased.size() + " confirmed (" + OUTAGE_ERASURES + " while the broker was down for "
                + OUTAGE_SECONDS + " s), none of their addresses left in any database");
        assertThat(outcome.routed()).as("routed, of the proposals not erased")
                .isEqualTo(accepted.size() - takenForErasure.size());
        assertThat(outcome.lost()).as("mails never delivered").isZero();
        assertThat(outcome.duplicates()).as("mails delivered twice: %s", outcome.duplicateDetails()).isZero();
        // a kill may catch a message accepted by SMTP but not yet recorded as sent: it goes again with the same
        // Message-ID (at-least-once hand-off to SMTP), at most once per sender and kill
        assertThat(outcome.retransmissions()).as("same-Message-ID copies").isLessThanOrEqualTo(KILLS * SENDERS);

        // the poison event is in notification-service's dead-letter topic, and a replay puts it through again
        String dlq = "error.proposal.submitted.notification-service";
        JsonNode letter = await(Duration.ofMinutes(2), "the poison event in " + dlq,
                () -> deadLetters(poisonKey).stream().filter(d -> d.path("topic").asText().equals(dlq))
                        .findFirst().orElse(null));
        HttpResponse<String> replay = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/ops/dead-letters/"
                        + dlq + "/" + letter.path("partition").asInt() + "/" + letter.path("offset").asLong()
                        + "/replay")).header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as("replay: %s", replay.body()).isEqualTo(202);
        await(Duration.ofMinutes(2), "the replayed poison event back in " + dlq, () -> deadLetters(poisonKey).stream()
                .filter(d -> d.path("topic").asText().equals(dlq)).count() >= 2 ? Boolean.TRUE : null);
        log("poison event " + poisonKey + " found in " + dlq + " and replayed");
    }

    private void submitWhileRunning() {
        int i = 0;
        while (submitting.get()) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String[] topic = TOPICS.get(i++ % TOPICS.size());
            String email = "fault-" + suffix + "@applicant.example";
            String title = topic[0] + " " + suffix;
            ObjectNode body = json.createObjectNode().put("organization", "(사)함께하는서울 " + suffix)
                    .put("organizationType", "NONPROFIT").put("contactName", "김서울").put("email", email)
                    .put("phone", "02-1234-5678").put("title", title)
                    .put("content", topic[1] + " 장소 협조와 홍보를 부탁드립니다. (" + suffix + ")")
                    .put("field", topic[2]).put("consent", true).put("language", "ko");
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
                if (response.statusCode() == 201) {
                    accepted.add(new Accepted(json.readTree(response.body()).path("trackingCode").asText(), email,
                            title));
                } else {
                    refused.incrementAndGet();
                }
            } catch (Exception e) {
                refused.incrementAndGet();
            }
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    record Outcome(int routed, int toDepartment, int toTriage, int expected, int delivered, int duplicates,
                   int retransmissions, int lost, List<String> duplicateDetails, boolean settled, Tally receipts,
                   Tally departmentMails, Tally routingNotices, List<String> missing) {
    }

    /** Mails of one kind: how many each proposal's path called for, and how many of them arrived. */
    record Tally(int expected, int delivered) {
        Tally count(boolean arrived) {
            return new Tally(expected + 1, delivered + (arrived ? 1 : 0));
        }
    }

    /**
     * Expected per proposal: the applicant's receipt, and for a proposal routed to a department the department's
     * mail (in the lead department's inbox, naming the proposal's title) and the applicant's routing notice; each
     * kind is counted on its own. A duplicate is a second message (another
     * Message-ID) of the same subject in an applicant's inbox, or a second department message naming the same title.
     * A retransmission is a second copy of one message (same Message-ID): SMTP sends a message again when the
     * server's acknowledgement of the first copy never arrived (RFC 5321 §6.1); receiving systems collapse it.
     */
    private Outcome outcome() throws Exception {
        int considered = 0;
        int routed = 0;
        int toDepartment = 0;
        int toTriage = 0;
        int expected = 0;
        int delivered = 0;
        int duplicates = 0;
        int retransmissions = 0;
        List<String> details = new ArrayList<>();
        Tally receipts = new Tally(0, 0);
        Tally departmentMails = new Tally(0, 0);
        Tally routingNotices = new Tally(0, 0);
        Map<String, List<MailSinkClient.Mail>> departmentInboxes = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Accepted proposal : accepted) {
            if (takenForErasure.contains(proposal.trackingCode())) {
                continue; // erased (or asked to be): its mails may be cancelled; checked on their own
            }
            considered++;
            HttpResponse<String> tracked = tracking(proposal);
            JsonNode body = tracked.statusCode() == 200 ? json.readTree(tracked.body()) : json.createObjectNode();
            String department = body.path("departmentCode").isTextual() ? body.path("departmentCode").asText() : null;
            boolean triaged = "TRIAGE".equals(body.path("status").asText());
            if (department != null || triaged) {
                routed++;
            } else if (missing.size() < 20) {
                missing.add(proposal.trackingCode() + ": not routed (tracking " + tracked.statusCode() + " "
                        + body.path("status").asText() + ")");
            }
            List<MailSinkClient.Mail> applicantMails = mailSink.mails(proposal.email());
            expected++;
            Map<String, Set<String>> idsBySubject = new LinkedHashMap<>();
            for (MailSinkClient.Mail mail : applicantMails) {
                if (!idsBySubject.computeIfAbsent(mail.subject(), s -> new HashSet<>()).add(String.valueOf(mail.messageId()))) {
                    retransmissions++;
                }
            }
            for (Map.Entry<String, Set<String>> subject : idsBySubject.entrySet()) {
                if (subject.getValue().size() > 1) {
                    duplicates += subject.getValue().size() - 1;
                    details.add(proposal.email() + ": " + subject.getKey());
                }
            }
            boolean receipt = applicantMails.stream().anyMatch(mail -> subjectHas(mail, RECEIPT_SUBJECT));
            receipts = receipts.count(receipt);
            if (!receipt && missing.size() < 20) {
                missing.add(proposal.trackingCode() + ": no receipt");
            }
            if (receipt) {
                delivered++;
            }
            if (department != null) {
                toDepartment++;
                expected += 2;
                boolean notice = applicantMails.stream().anyMatch(mail -> subjectHas(mail, ROUTED_SUBJECT));
                routingNotices = routingNotices.count(notice);
                if (!notice && missing.size() < 20) {
                    missing.add(proposal.trackingCode() + ": no routing notice (" + department + ")");
                }
                if (notice) {
                    delivered++;
                }
                String address = PlatformEndToEndIT.departmentAddress(root, department);
                List<MailSinkClient.Mail> inbox = departmentInboxes.get(address);
                if (inbox == null) {
                    inbox = mailSink.mails(address);
                    departmentInboxes.put(address, inbox);
                }
                List<MailSinkClient.Mail> naming = inbox.stream().filter(mail -> mail.subject() != null
                        && mail.subject().contains(proposal.title())).toList();
                long messages = naming.stream().map(mail -> String.valueOf(mail.messageId())).distinct().count();
                departmentMails = departmentMails.count(messages > 0);
                if (messages == 0 && missing.size() < 20) {
                    missing.add(proposal.trackingCode() + ": no department mail at " + address);
                }
                if (messages > 0) {
                    delivered++;
                }
                retransmissions += naming.size() - (int) messages;
                if (messages > 1) {
                    duplicates += (int) messages - 1;
                    details.add(address + ": " + proposal.title() + " x" + messages);
                }
            } else if (triaged) {
                toTriage++;
            }
        }
        int lost = expected - delivered;
        boolean settled = routed == considered && lost == 0;
        return new Outcome(routed, toDepartment, toTriage, expected, delivered, duplicates, retransmissions, lost,
                details, settled, receipts, departmentMails, routingNotices, missing);
    }

    private HttpResponse<String> tracking(Accepted proposal) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals/"
                + URLEncoder.encode(proposal.trackingCode(), StandardCharsets.UTF_8) + "?email="
                + URLEncoder.encode(proposal.email(), StandardCharsets.UTF_8))));
    }

    /**
     * Every {@link #ERASE_EVERY}th accepted proposal, a few seconds after its submission: the applicant asks for a
     * code; whenever a code has arrived in an applicant's mail, the erasure is confirmed. Asking does not wait for the
     * mail, so slow mail during the faults does not slow the erasure traffic; the codes still on their way are
     * confirmed after the faults ({@link #confirmArrivedCodes}).
     */
    private void eraseWhileRunning() {
        int next = 0;
        while (submitting.get()) {
            try {
                pause(2);
                if (accepted.size() > next * ERASE_EVERY + 5) {
                    Accepted proposal = accepted.get(next++ * ERASE_EVERY);
                    if (takenForErasure.add(proposal.trackingCode())) {
                        if (askErasureCode(proposal)) {
                            awaitingCode.add(proposal);
                        } else {
                            erasuresUnfinished.incrementAndGet();
                        }
                    }
                }
                confirmArrivedCodes();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Confirms the erasures whose code has arrived; true when none is waiting any more. */
    private boolean confirmArrivedCodes() throws InterruptedException {
        for (Accepted proposal : List.copyOf(awaitingCode)) {
            String code = codeFromMail(proposal);
            if (code != null) {
                awaitingCode.remove(proposal);
                if (!confirmErasure(proposal, code)) {
                    erasuresUnfinished.incrementAndGet();
                }
            }
        }
        return awaitingCode.isEmpty();
    }

    /** Asks for an erasure code of the proposal (mailed to its applicant); true when it was accepted. */
    private boolean askErasureCode(Accepted proposal) throws InterruptedException {
        try {
            HttpResponse<String> requested = postJson(proposal, "/erasure",
                    json.createObjectNode().put("email", proposal.email()));
            if (requested.statusCode() == 202) {
                return true;
            }
            log("erasure request for " + proposal.trackingCode() + ": " + requested.statusCode() + " "
                    + requested.body());
        } catch (IOException e) {
            log("erasure request for " + proposal.trackingCode() + ": " + e);
        }
        return false;
    }

    /** The erasure code in the applicant's mail, or null while none has arrived (or the sink does not answer). */
    private String codeFromMail(Accepted proposal) throws InterruptedException {
        try {
            for (MailSinkClient.Mail mail : mailSink.mails(proposal.email())) {
                Matcher code = ERASURE_CODE.matcher(String.valueOf(mail.text()));
                if (subjectHas(mail, ERASURE_CODE_SUBJECT) && code.find()) {
                    return code.group(1);
                }
            }
        } catch (IOException e) {
            // the mail sink is frozen in (b): ask again later
        }
        return null;
    }

    /**
     * Confirms an erasure; true when it was done. An answer lost on the way is settled by the tracking API (404 once
     * erased).
     */
    private boolean confirmErasure(Accepted proposal, String code) throws InterruptedException {
        String answer;
        boolean done;
        try {
            HttpResponse<String> confirmed = postJson(proposal, "/erasure/confirm",
                    json.createObjectNode().put("email", proposal.email()).put("code", code));
            answer = confirmed.statusCode() + " " + confirmed.body();
            done = confirmed.statusCode() == 200 || tracking(proposal).statusCode() == 404;
        } catch (IOException e) {
            answer = e.toString();
            done = false;
        }
        if (done) {
            erased.add(proposal.trackingCode());
        } else {
            log("erasure of " + proposal.trackingCode() + ": " + answer);
        }
        return done;
    }

    private HttpResponse<String> postJson(Accepted proposal, String path, ObjectNode body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/proposals/"
                        + URLEncoder.encode(proposal.trackingCode(), StandardCharsets.UTF_8) + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** What runs while a child is held down. */
    interface Meanwhile {
        void run() throws Exception;
    }

    private static boolean subjectHas(MailSinkClient.Mail mail, String words) {
        return mail.subject() != null && mail.subject().contains(words);
    }

    private List<JsonNode> deadLetters(String key) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(GATEWAY
                + "/api/ops/dead-letters?limit=1000")).header("Authorization", basic()));
        List<JsonNode> found = new ArrayList<>();
        if (response.statusCode() == 200) {
            for (JsonNode item : json.readTree(response.body()).path("items")) {
                if (key.equals(item.path("key").asText())) {
                    found.add(item);
                }
            }
        }
        return found;
    }

    private void publishPoison(String key) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("proposal.submitted", key,
                    "{\"eventType\": \"proposal.submitted\", \"payload\": [이것은 JSON이 아닙니다".getBytes(
                            StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Keeps a child down for a while: the launcher restarts it once its hold file is gone. */
    private void holdDown(String name, Duration duration, boolean kill, Meanwhile meanwhile) throws Exception {
        Path hold = platformHome.resolve("run").resolve(name + ".hold");
        Files.createDirectories(hold.getParent());
        Files.writeString(hold, "fault suite");
        ProcessHandle process = child(name);
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.onExit().get(60, TimeUnit.SECONDS);
        long until = System.nanoTime() + duration.toNanos();
        meanwhile.run();
        long left = until - System.nanoTime();
        assertThat(left).as("%s was to stay down for %s; what ran meanwhile took longer", name, duration)
                .isPositive();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
        Files.delete(hold);
    }

    private ProcessHandle child(String name) {
        return running.process.children()
                .filter(handle -> handle.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(arg -> arg.equals("-Dplatform.child=" + name)))
                .findFirst().orElseThrow(() -> new AssertionError("no child process " + name));
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static void log(String line) {
        System.out.println("[faults] " + line);
    }
}
