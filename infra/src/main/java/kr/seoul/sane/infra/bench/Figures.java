package kr.seoul.sane.infra.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The figures of a run, computed from what was observed; every figure a finite number (0 when nothing to measure). */
final class Figures {

    /** What a run observed during its measured phase. */
    record Observed(int proposals, int completed, double seconds, long[] submitMs, long[] endToEndMs,
                    Map<String, PlatformCpu.Usage> cpuByProcess, double idleCpuMs, double idleSeconds,
                    Map<String, Double> uses, Map<String, Double> rawRates) {
    }

    private Figures() {
    }

    static ObjectNode compute(Observed o, ObjectMapper json) {
        double completed = o.completed();
        double cpuMs = o.cpuByProcess().values().stream().mapToDouble(PlatformCpu.Usage::cpuMs).sum();
        Map<String, Double> usesPerProposal = new TreeMap<>();
        PlatformMetrics.COMPONENTS.forEach(c -> usesPerProposal.put(c,
                round(per(o.uses().getOrDefault(c, 0.0), completed))));
        double limit = limitThroughput(usesPerProposal, o.rawRates());
        double throughput = per(completed, o.seconds());
        ObjectNode result = json.createObjectNode()
                .put("proposals", o.proposals())
                .put("completed", o.completed())
                .put("seconds", round(o.seconds()))
                .put("throughput", round(throughput))
                .put("p50SubmitMs", percentile(o.submitMs(), 50))
                .put("p99SubmitMs", percentile(o.submitMs(), 99))
                .put("p95EndToEndMs", percentile(o.endToEndMs(), 95))
                .put("cpuMsPerProposal", round(per(cpuMs, completed)))
                .put("idleCpuCores", round(per(o.idleCpuMs() / 1000, o.idleSeconds()), 3));
        ObjectNode uses = result.putObject("usesPerProposal");
        PlatformMetrics.COMPONENTS.forEach(c -> uses.put(c, usesPerProposal.get(c)));
        result.put("limitThroughput", round(limit))
                .put("ratio", round(per(throughput, limit), 3));
        ObjectNode byProcess = result.putObject("cpuMsPerProposalByProcess");
        ObjectNode jit = result.putObject("jitMsByProcess");
        ObjectNode gc = result.putObject("gcMsByProcess");
        o.cpuByProcess().forEach((name, usage) -> {
            byProcess.put(name, round(per(usage.cpuMs(), completed)));
            jit.put(name, round(usage.jitMs()));
            gc.put(name, round(usage.gcMs()));
        });
        ObjectNode raw = result.putObject("rawRates");
        PlatformMetrics.COMPONENTS.forEach(c -> raw.put(c, round(o.rawRates().getOrDefault(c, 0.0))));
        return result;
    }

    /** 1 ÷ Σ(uses per proposal ÷ raw rate) over the components measured and used; 0 when none. */
    static double limitThroughput(Map<String, Double> usesPerProposal, Map<String, Double> rawRates) {
        double secondsPerProposal = 0;
        for (Map.Entry<String, Double> use : usesPerProposal.entrySet()) {
            double rate = rawRates.getOrDefault(use.getKey(), 0.0);
            if (use.getValue() > 0 && rate > 0 && Double.isFinite(rate)) {
                secondsPerProposal += use.getValue() / rate;
            }
        }
        return per(1, secondsPerProposal);
    }

    static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** a ÷ b, or 0 when that is not a finite number. */
    static double per(double a, double b) {
        double v = b == 0 ? 0 : a / b;
        return Double.isFinite(v) ? v : 0;
    }

    static double round(double value) {
        return round(value, 2);
    }

    static double round(double value, int digits) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
