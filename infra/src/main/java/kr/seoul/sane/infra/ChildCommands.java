package kr.seoul.sane.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The command lines of the child JVMs and their flags: heap, GC, JIT level and class-data sharing
 * ({@code PLATFORM_CDS}, {@code PLATFORM_CDS_DIR}); {@code PLATFORM_JAVA_OPTS} is added to the services' (and
 * {@code PLATFORM_JAVA_OPTS_<MODULE>} to one module's),
 * {@code PLATFORM_STORE_HEAP} sets the store's heap.
 */
final class ChildCommands {

    private final Installation installation;
    private final Artifacts artifacts;
    private final String java;
    /** The launcher's output (a service that cannot get its archive says why). */
    private final Consumer<String> out;
    /** The services' images (extracted jars and archives), once their commands are prepared. */
    private final Map<String, AppImage> images = new ConcurrentHashMap<>();

    ChildCommands(Installation installation, Artifacts artifacts, Consumer<String> out) {
        this.installation = installation;
        this.artifacts = artifacts;
        this.java = installation.java();
        this.out = out;
    }

    /** The store answers from memory (DurableMemoryBackend): its heap holds the data. */
    ChildSpec store() {
        List<String> store = new ArrayList<>(List.of(java, "-Xmx" + storeHeap(), "-Xmn" + storeYoungGeneration(),
                "-Xss512k", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Dplatform.child=mongo-store"));
        store.addAll(infrastructureFlags("mongo-store"));
        store.addAll(List.of("-cp", artifacts.launcherClasspath(), MongoStoreMain.class.getName(),
                installation.home().resolve("mongo").resolve("sane.mv").toString(), Topology.HOST,
                Integer.toString(Topology.MONGO_PORT)));
        return new ChildSpec("mongo-store", store);
    }

    /**
     * Heap of the store (it holds every document): 2 GiB, since a 2,000 + 10,000-proposal bench left 1 GiB's old
     * generation full (about 700 MB live, 50 full collections: 64 of the store's 139 CPU seconds);
     * PLATFORM_STORE_HEAP changes it.
     */
    private String storeHeap() {
        return Optional.ofNullable(installation.env().get("PLATFORM_STORE_HEAP")).filter(v -> v.matches("\\d+[mMgG]"))
                .orElse("2g");
    }

    /**
     * The store's young generation: 3/8 of its heap (768 MiB of 2 GiB). Left to the JVM it was about 100 MB, collected
     * about once a second under load; a document version replaced a few seconds after it was written (a proposal's
     * status, its outbox events, a mail's claim) had by then been copied to the old generation, which filled with such
     * versions (1.4 GB before a full collection left 0.5 GB). With 768 MiB, two pairs of default bench runs: the
     * store's collector 9.2 → 6.4 s and 8.3 → 7.1 s, the store 2.16 → 1.99 and 2.08 → 1.83 times the gateway's CPU.
     */
    private String storeYoungGeneration() {
        String heap = storeHeap();
        long mebibytes = Long.parseLong(heap.substring(0, heap.length() - 1))
                * (Character.toLowerCase(heap.charAt(heap.length() - 1)) == 'g' ? 1024 : 1);
        return Math.max(16, mebibytes * 3 / 8) + "m";
    }

    ChildSpec mailSink() throws IOException {
        String host = Topology.HOST;
        // the mail stream provider named up front: otherwise Jakarta Mail looks it up with a ServiceLoader
        // scan of the jar for every message parsed (a sixth of the sink's CPU under load)
        List<String> mail = new ArrayList<>(List.of(java, "-Xmx1536m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Dplatform.child=mail-sink",
                "-Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider",
                "-Dgreenmail.smtp.hostname=" + host, "-Dgreenmail.smtp.port=" + Topology.SMTP_PORT,
                "-Dgreenmail.api.hostname=" + host, "-Dgreenmail.api.port=" + Topology.MAIL_API_PORT,
                "-Dgreenmail.imap.hostname=" + host, "-Dgreenmail.imap.port=" + Topology.MAIL_IMAP_PORT,
                "-Dgreenmail.auth.disabled", "-Dsink.arrivals.port=" + Topology.MAIL_ARRIVALS_PORT));
        mail.addAll(infrastructureFlags("mail-sink"));
        // GreenMail standalone with the sink's arrival log (kr.seoul.sane.infra.mail.MailSinkMain), named as a string:
        // GreenMail is not on the launcher's class path. Its jar comes first, so its own Jakarta Mail is loaded; of
        // infra's classes only the sink's own are used.
        mail.addAll(List.of("-cp", artifacts.greenmailJar() + File.pathSeparator + artifacts.launcherClasses(),
                "kr.seoul.sane.infra.mail.MailSinkMain"));
        return new ChildSpec("mail-sink", mail);
    }

    /** Writes the broker's configuration and formats its storage on the first run (with {@code runner}). */
    void prepareKafka(KafkaNode node, KafkaNode.Runner runner) throws IOException, InterruptedException {
        node.prepare(runner, artifacts.kafkaClasspath(), java);
    }

    /**
     * The broker runs with C1 only: in the default bench run (2,000 + 10,000, fresh platform) its C2 compile threads
     * took 5.1 s and it cost 1.22 ms per proposal; with C1 only 0.1 s and 1.03 ms, and the idle platform 0.077 →
     * 0.047 cores (the broker kept compiling minutes after the start). The store and the mail sink keep C2: with C1
     * only they cost 3.21 → 5.95 and 2.54 → 3.69 ms per proposal in the same runs. A level in
     * {@code PLATFORM_INFRA_JAVA_OPTS} comes later on the command line and wins.
     */
    static final String KAFKA_JIT_LEVEL = "-XX:TieredStopAtLevel=1";

    ChildSpec kafka(KafkaNode node) {
        List<String> flags = new ArrayList<>(List.of(KAFKA_JIT_LEVEL));
        flags.addAll(infrastructureFlags("kafka"));
        return new ChildSpec("kafka", node.command(java, artifacts.kafkaClasspath(), flags));
    }

    /**
     * {@code java <flags> -jar <module jar>}: small heap, serial GC, the module's JIT level and (unless
     * {@code PLATFORM_CDS=off}) the module's class-data sharing archive; {@code PLATFORM_JAVA_OPTS} is added before
     * the jar. The first call for a module extracts its exec jar (once per jar).
     */
    List<String> service(String module) {
        Path jar = artifacts.execJar(module).orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx256m", "-Xss512k",
                "-XX:+UseSerialGC"));
        command.addAll(jitFlags(module));
        command.addAll(List.of("-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=96m",
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-Dspring.jmx.enabled=false",
                "-Dplatform.child=" + module));
        command.addAll(extraJavaOptions(module));
        if (cdsEnabled()) {
            AppImage image = new AppImage(module, jar, cdsDir());
            images.put(module, image);
            command.addAll(image.prepare(java, out));
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        return command;
    }

    /**
     * C1 only (TieredStopAtLevel=1) where the profile is flat framework code: C2's compile threads cost more CPU
     * than its faster code saves (bench, 1,000 + 2,000 proposals: 33 → 26 ms of CPU per proposal over all
     * processes; READY 52 → 19 s). The catalogue keeps C2: its work per proposal is Lucene Nori's tokenizer and a
     * search, tight loops over byte buffers that C1 does not inline (bench, 1,000 + 3,000: its CPU outside the JIT
     * threads 5.2 → 2.7 ms per proposal). notification-service ran with C2 while its mails were Thymeleaf templates
     * (SpEL and the template engine gained most); with the mails precompiled (JTE) its C2 thread still compiled
     * 27.6–29.5 s in the default run's measured phase, and C1 only took 5.9 ms per proposal against 6.9 and 7.5 with
     * C2 (three runs on the same host, one after the other). The catalogue compiles at a quarter of the rate
     * ({@code CompileThresholdScaling=4}): its hot loops (Nori's tokenizer, the search) run millions of times and
     * still reach C2 within the warm-up, while code run once or twice per proposal (Kafka's, Spring's, the JDK's call
     * chains, Lucene's query rewrite) stays in C1 instead of being compiled, and recompiled, by C2 through the whole
     * run (default bench runs on the same host: its compile threads 14.5–18.8 → 11.2–13.0 s of CPU in the measured
     * phase, its CPU per proposal 2.28–2.39 → 2.13–2.26 times the gateway's). Its C2 leaves the frameworks' code
     * to C1 altogether ({@link #C2_DIRECTIVES}). PLATFORM_JAVA_OPTS with -XX:TieredStopAtLevel=N overrides either,
     * for one module PLATFORM_JAVA_OPTS_<MODULE> (e.g. PLATFORM_JAVA_OPTS_CATALOG_SERVICE).
     */
    List<String> jitFlags(String module) {
        return C2_MODULES.contains(module) ? List.of("-XX:TieredStopAtLevel=4", "-XX:CompileThresholdScaling=4",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + c2Directives())
                : List.of("-XX:TieredStopAtLevel=1");
    }

    /**
     * Compiler directives of the modules that keep C2: C2 never compiles the frameworks' code (Spring, Kafka's
     * client, the MongoDB driver, Jackson, Micrometer, tracing, logging, the events' envelopes), which C1 compiles
     * instead, as in the other services; the JDK's, Lucene's and the module's own code keep C2. Under load the
     * catalogue's C2 thread still compiled such code through the whole run, each method once or twice per proposal
     * but with deep inlining (Kafka's producer, the envelope reader, Micrometer's tags: seconds of compile time each).
     * Default bench runs on the same host, one after the other: the catalogue's compile threads 10.7 → 4.8 s of CPU
     * in the measured phase, its CPU per proposal 2.18 → 1.99 times the gateway's, total 23.3 → 20.2 ms per
     * proposal. The JDK stays with C2: a method C2 may not compile is not inlined into one it compiles either, and
     * Lucene's loops call into the JDK's collections and strings.
     */
    static final String C2_DIRECTIVES = """
            [{
              match: ["org/springframework/*.*", "org/apache/kafka/*.*", "com/mongodb/*.*", "org/bson/*.*",
                      "tools/jackson/*.*", "com/fasterxml/*.*", "io/micrometer/*.*", "brave/*.*", "ch/qos/*.*",
                      "org/slf4j/*.*", "io/github/*.*", "org/apache/catalina/*.*", "org/apache/tomcat/*.*",
                      "org/apache/coyote/*.*", "kr/seoul/sane/events/*.*", "kr/seoul/sane/tracing/*.*"],
              c2: { Exclude: true }
            }]
            """;

    /** The file of {@link #C2_DIRECTIVES} in the platform's home, written when missing or different. */
    Path c2Directives() {
        Path file = installation.home().resolve("jit").resolve("c2-directives.json");
        try {
            if (!Files.isRegularFile(file) || !Files.readString(file).equals(C2_DIRECTIVES)) {
                Files.createDirectories(file.getParent());
                Path next = Files.createTempFile(file.getParent(), "c2-directives", ".tmp");
                Files.writeString(next, C2_DIRECTIVES);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compiler directives " + file, e);
        }
        return file;
    }

    /**
     * The modules whose work per proposal is Lucene Nori's tokenizer: the catalogue's suggestions and search, and
     * routing's classifier (with C1 only, two thirds of routing-service's samples under load were Nori, a fifth
     * of them in the unaligned reads of its connection-cost matrix from a direct buffer, which C2 turns into plain
     * loads). Routing with C2 and the directives, two pairs of default runs on the same host: its CPU per proposal
     * 1.25 / 1.23 → 1.01 / 1.09 times the gateway's (1.67 → 1.58 and 1.95 → 1.48 ms), its compile threads 0.2 →
     * 2.3–3.0 s of CPU in the measured phase included.
     */
    private static final Set<String> C2_MODULES = Set.of("catalog-service", "routing-service");

    /** True when the module's JVM writes its class-data archive as it exits (its first stop after a build). */
    boolean archiveDue(String module) {
        AppImage image = images.get(module);
        return image != null && image.archiveDue();
    }

    /**
     * The infrastructure JVMs' own flags: class-data sharing, then {@code PLATFORM_INFRA_JAVA_OPTS} (e.g. a JIT
     * level to compare).
     */
    List<String> infrastructureFlags(String name) {
        List<String> flags = new ArrayList<>(cdsFlags(name));
        flags.addAll(options(List.of("PLATFORM_INFRA_JAVA_OPTS", moduleOptionsSetting(name))));
        return flags;
    }

    /** Dynamic class-data sharing for the infrastructure JVMs (plain class path, nothing to extract). */
    List<String> cdsFlags(String name) {
        if (!cdsEnabled()) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + cdsDir().resolve(name + ".jsa"), "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off,cds+dynamic=off");
    }

    boolean cdsEnabled() {
        return !"off".equalsIgnoreCase(installation.setting("PLATFORM_CDS").orElse("on"));
    }

    /**
     * Where the extracted jars and class-data archives live: {@code PLATFORM_CDS_DIR}, else
     * {@code <checkout>/.platform/cds}. They depend only on the built jars and the JDK, so every
     * {@code PLATFORM_HOME} of a checkout shares them.
     */
    Path cdsDir() {
        return installation.setting("PLATFORM_CDS_DIR").map(Path::of)
                .orElse(installation.root().resolve(".platform").resolve("cds")).toAbsolutePath().normalize();
    }

    /** {@code PLATFORM_JAVA_OPTS}, then the module's own ({@link #moduleOptionsSetting}), which win over the first. */
    private List<String> extraJavaOptions(String module) {
        return options(List.of("PLATFORM_JAVA_OPTS", moduleOptionsSetting(module)));
    }

    /** The JVM options of these settings, in order (whitespace separates them). */
    private List<String> options(List<String> settings) {
        List<String> options = new ArrayList<>();
        for (String name : settings) {
            installation.setting(name).map(String::strip).filter(o -> !o.isEmpty())
                    .ifPresent(opts -> options.addAll(List.of(opts.split("\\s+"))));
        }
        return options;
    }

    /**
     * {@code PLATFORM_JAVA_OPTS_NOTIFICATION_SERVICE} for notification-service, {@code PLATFORM_JAVA_OPTS_MONGO_STORE}
     * for the store: JVM options of one process only.
     */
    static String moduleOptionsSetting(String module) {
        return "PLATFORM_JAVA_OPTS_" + module.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
