package kr.seoul.sane.infra.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU time the platform's processes spend on a run: the processes are found by the {@code -Dplatform.child=<name>}
 * argument the launcher gives each of them, and their CPU time (user + system) is read before and after. Divided by
 * the proposals of the run, that is the CPU cost of one proposal per process — independent of how busy the machine
 * was — and {@code cores × 1000 / total ms} is the throughput the machine's CPUs allow at that cost.
 */
final class ProcessCpu {

    private static final String MARK = "-Dplatform.child=";

    /** CPU time per process (key: name and pid, so a restarted process counts from zero). */
    record Snapshot(Map<String, Duration> byProcess) {
    }

    static Snapshot take() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(process -> name(process).ifPresent(name -> process.info()
                .totalCpuDuration().ifPresent(d -> cpu.put(name + "#" + process.pid(), d))));
        return new Snapshot(cpu);
    }

    /** Milliseconds of CPU per unit of work (e.g. per proposal) by process name, between two snapshots. */
    static Map<String, Double> perUnit(Snapshot before, Snapshot after, int units) {
        Map<String, Double> ms = new TreeMap<>();
        after.byProcess().forEach((key, total) -> {
            Duration used = total.minus(before.byProcess().getOrDefault(key, Duration.ZERO));
            String name = key.substring(0, key.lastIndexOf('#'));
            ms.merge(name, used.toNanos() / 1e6 / Math.max(1, units), Double::sum);
        });
        return ms;
    }

    static Optional<String> name(ProcessHandle process) {
        List<String> args = process.info().arguments().map(List::of).orElse(List.of());
        return args.stream().filter(a -> a.startsWith(MARK)).map(a -> a.substring(MARK.length())).findFirst();
    }

    private ProcessCpu() {
    }
}
