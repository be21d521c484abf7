package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The supervised children of one run, in two groups that stop one after the other (the services and gateway
 * first, then the infrastructure), and the short helper process that may run meanwhile (formatting Kafka's storage).
 */
final class Children {

    private final Installation installation;
    private final Supervision supervision;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Child> infrastructure = new CopyOnWriteArrayList<>();
    private final List<Child> services = new CopyOnWriteArrayList<>();
    private volatile Process oneShot;

    Children(Installation installation, Console console, Clock clock) {
        this.installation = installation;
        this.supervision = new Supervision(installation.root(), installation.home(), stopping::get, console::say,
                clock);
    }

    boolean stopping() {
        return stopping.get();
    }

    /** Marks the platform as stopping; false when it already was. */
    boolean beginStop() {
        return stopping.compareAndSet(false, true);
    }

    /** A child of the infrastructure, not started yet; {@code first}: stopped and listed before the others. */
    Child infrastructure(ChildSpec spec, boolean first) {
        Child child = new Child(spec, supervision);
        if (first) {
            infrastructure.add(0, child);
        } else {
            infrastructure.add(child);
        }
        return child;
    }

    /** A service or the gateway, not started yet. */
    Child service(ChildSpec spec) {
        Child child = new Child(spec, supervision);
        services.add(child);
        return child;
    }

    List<Child> infrastructure() {
        return infrastructure;
    }

    List<Child> services() {
        return services;
    }

    /** An embedded part of the infrastructure by its name ({@code kafka}, {@code mongo-store}, {@code prometheus}). */
    boolean runs(String name) {
        return infrastructure.stream().anyMatch(c -> c.name().equals(name));
    }

    /** Runs a short helper process to completion (e.g. formatting Kafka's storage). */
    int runOnce(String name, List<String> command) throws IOException, InterruptedException {
        Path log = installation.logs().resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(installation.root().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        oneShot = process;
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(name + " did not finish within 120 s (see " + log + ")");
            }
            return process.exitValue();
        } finally {
            oneShot = null;
        }
    }

    /** Ends the helper process, if one runs. */
    void killOneShot() {
        Process helper = oneShot;
        if (helper != null) {
            helper.destroyForcibly();
        }
    }

    /** "N MiB (kafka N MiB, mongo-store N MiB, …)": the resident memory of every child and its descendants. */
    String memoryReport() {
        long total = 0;
        StringBuilder parts = new StringBuilder();
        List<Child> all = new ArrayList<>(infrastructure);
        all.addAll(services);
        for (Child child : all) {
            long kib = child.residentKib();
            total += kib;
            parts.append(parts.isEmpty() ? "" : ", ").append(child.name()).append(' ').append(kib / 1024)
                    .append(" MiB");
        }
        return String.format(Locale.ROOT, "%d MiB (%s)", total / 1024, parts);
    }
}
