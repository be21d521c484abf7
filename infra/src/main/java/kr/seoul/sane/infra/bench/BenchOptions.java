package kr.seoul.sane.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command line of {@code bin/platform bench}. */
record BenchOptions(int warmup, int proposals, double rate, int concurrency, Duration idle, Duration stallTimeout,
                    Duration limitWindow, boolean measureLimit, String gateway, String mailHost, int imapPort,
                    int arrivalsPort,
                    String kafka, String mongo, int smtpPort, Path home, List<Double> sweepRates,
                    Duration sweepPhase, Optional<Path> overlay) {

    static final String USAGE = """
            usage: bin/platform bench [--proposals N (10000)] [--warmup W (2000)] [--rate R per second (open loop)]
                                      [--concurrency C (32)] [--idle-seconds S (30)] [--stall-seconds S (60)]
                                      [--limit-seconds S (2)] [--no-limit]
                                      [--gateway URL] [--mail-host H] [--arrivals-port P (8026)] [--imap-port P]
                                      [--smtp-port P]
                                      [--kafka HOST:PORT] [--mongo URI]
                                      [--sweep R1,R2,... (0 = open loop) [--sweep-seconds S (60)]
                                       [--overlay <an earlier sweep's bench-<run>.json>]]""";

    private static final Set<String> FLAGS = Set.of("no-limit");
    private static final Set<String> VALUED = Set.of("proposals", "warmup", "rate", "concurrency", "idle-seconds",
            "stall-seconds", "limit-seconds", "gateway", "mail-host", "arrivals-port", "imap-port", "smtp-port", "kafka", "mongo",
            "mail-wait", "sweep", "sweep-seconds", "overlay");

    /** Parses the arguments; {@code env} supplies PLATFORM_HOME, KAFKA_BOOTSTRAP_SERVERS and MONGODB_URI. */
    static BenchOptions parse(String[] args, Path root, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                values.put(name, "true");
            } else if (VALUED.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                values.put(name, args[++i]);
            }
            if (!FLAGS.contains(name) && !VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        Path home = Optional.ofNullable(env.get("PLATFORM_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(root.resolve(".platform"));
        BenchOptions options = new BenchOptions(
                nonNegative("warmup", Integer.parseInt(values.getOrDefault("warmup", "2000"))),
                nonNegative("proposals", Integer.parseInt(values.getOrDefault("proposals", "10000"))),
                nonNegative("rate", Double.parseDouble(values.getOrDefault("rate", "0"))),
                Math.max(1, Integer.parseInt(values.getOrDefault("concurrency", "32"))),
                seconds(values.getOrDefault("idle-seconds", "30")),
                // --mail-wait is the older name of the no-progress timeout
                seconds(values.getOrDefault("stall-seconds", values.getOrDefault("mail-wait", "60"))),
                seconds(values.getOrDefault("limit-seconds", "2")),
                !values.containsKey("no-limit"),
                values.getOrDefault("gateway", "http://localhost:8080"),
                values.getOrDefault("mail-host", "127.0.0.1"),
                Integer.parseInt(values.getOrDefault("imap-port", "3143")),
                Integer.parseInt(values.getOrDefault("arrivals-port", "8026")),
                values.getOrDefault("kafka", Optional.ofNullable(env.get("KAFKA_BOOTSTRAP_SERVERS"))
                        .filter(s -> !s.isBlank()).orElse("127.0.0.1:9092")),
                values.getOrDefault("mongo", Optional.ofNullable(env.get("MONGODB_URI"))
                        .filter(s -> !s.isBlank()).orElse("mongodb://127.0.0.1:27017")),
                Integer.parseInt(values.getOrDefault("smtp-port", "2525")),
                home,
                values.containsKey("sweep") ? rates(values.get("sweep")) : List.of(),
                seconds(values.getOrDefault("sweep-seconds", "60")),
                Optional.ofNullable(values.get("overlay")).map(Path::of));
        if (!options.sweepRates().isEmpty() && options.rate() > 0) {
            throw new IllegalArgumentException("--sweep gives the rates of its phases: leave out --rate");
        }
        if (options.overlay().isPresent() && options.sweepRates().isEmpty()) {
            throw new IllegalArgumentException("--overlay draws an earlier sweep beside this one: it needs --sweep");
        }
        if (options.proposals() == 0) {
            throw new IllegalArgumentException("--proposals must be at least 1");
        }
        return options;
    }

    /** "10,50,0": the rates of a sweep's phases, 0 for an open-loop phase. */
    private static List<Double> rates(String list) {
        List<Double> rates = new ArrayList<>();
        for (String part : list.split(",")) {
            try {
                rates.add(nonNegative("sweep", Double.parseDouble(part.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep takes rates per second separated by commas, e.g. 10,50,0");
            }
        }
        return List.copyOf(rates);
    }

    /** The number of proposals of a phase at {@code rate} (0: open loop, --proposals). */
    int proposalsAt(double rate) {
        return rate > 0 ? Math.max(1, (int) Math.round(rate * sweepPhase.toMillis() / 1000.0)) : proposals;
    }

    Path reportDir() {
        return home.resolve("bench");
    }

    private static Duration seconds(String value) {
        double seconds = nonNegative("seconds", Double.parseDouble(value));
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static <N extends Number> N nonNegative(String name, N value) {
        if (value.doubleValue() < 0 || !Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException("--" + name + " must be a non-negative number");
        }
        return value;
    }
}
