package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildCommandsTest {

    @TempDir
    Path root;

    private final List<String> said = new CopyOnWriteArrayList<>();

    @BeforeEach
    void built() throws Exception {
        for (String module : Topology.MODULES) {
            Files.createDirectories(root.resolve(module + "/target"));
            Files.writeString(root.resolve(module + "/target/" + module + "-0.1.0-exec.jar"), "jar");
        }
        Files.createDirectories(root.resolve("infra/target/lib"));
        Files.createDirectories(root.resolve("infra/target/greenmail"));
        Files.writeString(root.resolve("infra/target/greenmail/greenmail-standalone-2.1.13.jar"), "jar");
    }

    private ChildCommands commands(Map<String, String> env) {
        return new ChildCommands(new Installation(root, root.resolve(".platform"), "/jdk/bin/java", env),
                new Artifacts(root), said::add);
    }

    @Test
    void theModulesThatTokenizeKoreanKeepC2AndEveryOtherModuleRunsWithC1Only() {
        Path directives = root.resolve(".platform/jit/c2-directives.json");
        for (String module : List.of("catalog-service", "routing-service")) {
            assertThat(commands(Map.of()).jitFlags(module))
                    .containsExactly("-XX:TieredStopAtLevel=4", "-XX:CompileThresholdScaling=4",
                            "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + directives);
        }
        for (String module : List.of("proposal-service", "notification-service", "gateway")) {
            assertThat(commands(Map.of()).jitFlags(module)).containsExactly("-XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void theJvmReadsTheDirectivesAsC2LeavingTheFrameworksAlone() throws Exception {
        Files.createDirectories(root.resolve(".platform/jit"));
        Files.writeString(root.resolve(".platform/jit/c2-directives.json"), "stale");
        Path directives = commands(Map.of()).c2Directives();
        assertThat(Files.readString(directives)).isEqualTo(ChildCommands.C2_DIRECTIVES);

        String java = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(java, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompilerDirectivesFile=" + directives, "-XX:+CompilerDirectivesPrint", "-version")
                .redirectErrorStream(true).start();
        String printed = new String(jvm.getInputStream().readAllBytes());
        assertThat(jvm.waitFor()).as(printed).isZero();
        String ours = printed.substring(printed.indexOf("Directive:"), printed.indexOf("Directive: (default)"));
        assertThat(ours).contains("org/springframework/*.*", "org/apache/kafka/*.*", "tools/jackson/*.*")
                .doesNotContain("java/", "org/apache/lucene");
        assertThat(ours.substring(ours.indexOf("c2 directives:"))).contains("Exclude:true");
        assertThat(ours.substring(ours.indexOf("c1 directives:"), ours.indexOf("c2 directives:")))
                .contains("Exclude:false");
    }

    @Test
    void withoutClassDataSharingAServiceRunsItsExecJarWithTheExtraOptionsBeforeIt() {
        List<String> command = commands(Map.of("PLATFORM_CDS", "OFF", "PLATFORM_JAVA_OPTS", " -Xmx384m  -Da=b "))
                .service("catalog-service");

        assertThat(command).containsExactly("/jdk/bin/java", "-Xms64m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=4", "-XX:CompileThresholdScaling=4", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompilerDirectivesFile=" + root.resolve(".platform/jit/c2-directives.json"),
                "-XX:MaxMetaspaceSize=256m",
                "-XX:ReservedCodeCacheSize=96m",
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-Dspring.jmx.enabled=false",
                "-Dplatform.child=catalog-service", "-Xmx384m", "-Da=b", "-jar",
                root.resolve("catalog-service/target/catalog-service-0.1.0-exec.jar").toString());
        assertThat(said).isEmpty();
    }

    @Test
    void aModuleOfItsOwnGetsItsOptionsAfterThoseOfEveryService() {
        Map<String, String> env = Map.of("PLATFORM_CDS", "OFF", "PLATFORM_JAVA_OPTS", "-Da=b",
                "PLATFORM_JAVA_OPTS_NOTIFICATION_SERVICE", " -XX:TieredStopAtLevel=1  -Dc=d ");

        List<String> notification = commands(env).service("notification-service");
        assertThat(notification.subList(notification.indexOf("-Da=b"), notification.indexOf("-jar")))
                .containsExactly("-Da=b", "-XX:TieredStopAtLevel=1", "-Dc=d");
        assertThat(commands(env).service("catalog-service")).contains("-Da=b").doesNotContain("-Dc=d");
        assertThat(ChildCommands.moduleOptionsSetting("catalog-service")).isEqualTo("PLATFORM_JAVA_OPTS_CATALOG_SERVICE");
    }

    @Test
    void theStoreHoldsItsDataInAHeapOfTwoGibibytesUnlessToldOtherwise() {
        assertThat(commands(Map.of()).store().command()).contains("-Xmx2g");
        assertThat(commands(Map.of("PLATFORM_STORE_HEAP", "3g")).store().command()).contains("-Xmx3g");
        assertThat(commands(Map.of("PLATFORM_STORE_HEAP", "lots")).store().command()).contains("-Xmx2g");
    }

    @Test
    void theStoresYoungGenerationIsThreeEighthsOfItsHeap() {
        assertThat(commands(Map.of()).store().command()).contains("-Xmn768m");
        assertThat(commands(Map.of("PLATFORM_STORE_HEAP", "4G")).store().command()).contains("-Xmx4G", "-Xmn1536m");
        assertThat(commands(Map.of("PLATFORM_STORE_HEAP", "512m")).store().command()).contains("-Xmn192m");
    }

    @Test
    void theStoreRunsFromTheLauncherClassPathWithAnArchiveOfItsOwn() {
        ChildSpec store = commands(Map.of()).store();
        Path cds = root.resolve(".platform/cds");

        assertThat(store.name()).isEqualTo("mongo-store");
        assertThat(store.environment()).isEmpty();
        assertThat(store.command()).containsSubsequence("-Dplatform.child=mongo-store",
                "-XX:SharedArchiveFile=" + cds.resolve("mongo-store.jsa"), "-XX:+AutoCreateSharedArchive",
                "-cp", root.resolve("infra/target/classes") + ":" + root.resolve("infra/target/lib") + "/*",
                "kr.seoul.sane.infra.MongoStoreMain", root.resolve(".platform/mongo/sane.mv").toString(),
                "127.0.0.1", "27017");
    }

    @Test
    void theMailSinkListensOnItsFixedPortsWithoutLogin() throws Exception {
        ChildSpec sink = commands(Map.of("PLATFORM_CDS", "off")).mailSink();

        assertThat(sink.command()).contains("-Dgreenmail.smtp.port=2525", "-Dgreenmail.api.port=8025",
                "-Dgreenmail.imap.port=3143", "-Dgreenmail.auth.disabled", "-Dplatform.child=mail-sink",
                "-Dsink.arrivals.port=8026")
                .endsWith("-cp", root.resolve("infra/target/greenmail/greenmail-standalone-2.1.13.jar")
                        + java.io.File.pathSeparator + root.resolve("infra/target/classes"),
                        "kr.seoul.sane.infra.mail.MailSinkMain")
                .noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void theArchivesLiveInTheCheckoutUnlessMoved() {
        assertThat(commands(Map.of()).cdsDir()).isEqualTo(root.resolve(".platform/cds"));
        assertThat(commands(Map.of("PLATFORM_CDS_DIR", root.resolve("elsewhere").toString())).cdsFlags("kafka"))
                .startsWith("-XX:SharedArchiveFile=" + root.resolve("elsewhere/kafka.jsa"));
        assertThat(commands(Map.of("PLATFORM_CDS", "off")).cdsFlags("kafka")).isEmpty();
    }

    @Test
    void theBrokerCarriesItsNameAndTheArchiveFlagsBeforeItsClassPath() {
        ChildSpec kafka = commands(Map.of()).kafka(new KafkaNode(root.resolve("kafka"), "127.0.0.1", 9092, 9093));

        assertThat(kafka.name()).isEqualTo("kafka");
        assertThat(kafka.command()).containsSubsequence("-Dplatform.child=kafka", "-XX:TieredStopAtLevel=1",
                "-XX:SharedArchiveFile=" + root.resolve(".platform/cds/kafka.jsa"), "-cp",
                root.resolve("infra/target/lib") + "/*", "kafka.Kafka");
    }

    @Test
    void theInfrastructureOptionsComeAfterTheDefaultsOfTheBrokerTheStoreAndTheSink() throws Exception {
        ChildCommands commands = commands(Map.of("PLATFORM_INFRA_JAVA_OPTS", " -XX:TieredStopAtLevel=4  -Da=b "));

        assertThat(commands.kafka(new KafkaNode(root.resolve("kafka"), "127.0.0.1", 9092, 9093)).command())
                .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-Da=b", "kafka.Kafka");
        assertThat(commands.store().command()).containsSubsequence("-Dplatform.child=mongo-store", "-Da=b", "-cp")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(commands.mailSink().command()).containsSubsequence("-Dplatform.child=mail-sink", "-Da=b", "-cp");
        assertThat(commands(Map.of()).store().command()).doesNotContain("-Da=b");
    }

    @Test
    void oneInfrastructureProcessTakesOptionsOfItsOwnAfterTheCommonOnes() throws Exception {
        ChildCommands commands = commands(Map.of("PLATFORM_INFRA_JAVA_OPTS", "-Da=b",
                "PLATFORM_JAVA_OPTS_MONGO_STORE", "-Xmn256m -Da=c"));

        assertThat(commands.store().command()).containsSubsequence("-Dplatform.child=mongo-store", "-Da=b",
                "-Xmn256m", "-Da=c", "-cp");
        assertThat(commands.mailSink().command()).contains("-Da=b").doesNotContain("-Xmn256m", "-Da=c");
    }
}
