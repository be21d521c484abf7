package kr.seoul.sane.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The W3C trace context an event envelope carries in {@code traceparent}. Handlers of consumed events run inside
 * the trace of the event (the binder's consumer span when the record header carried it, else a span continued
 * from the envelope), and every envelope produced names the current span, so one proposal keeps one trace id
 * across HTTP, Kafka and every service. The envelope itself is written and read by platform-events. Each service gets one as a bean from {@link EventTracingAutoConfiguration}.
 */
public class EventTracing {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final String FIELD = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The current span as a W3C {@code traceparent}, null when nothing is traced. */
    public String traceparent() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        TraceContext context = span.context();
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        String value = carrier.get(FIELD);
        if (value != null && TRACEPARENT.matcher(value).matches()) {
            return value;
        }
        String traceId = "0".repeat(Math.max(0, 32 - context.traceId().length())) + context.traceId();
        return "00-" + traceId + "-" + context.spanId() + "-" + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
    }

    /** Runs {@code work} in the trace {@code traceparent} names (an envelope's); see {@link #within}. */
    public void run(String traceparent, String name, Runnable work) {
        within(traceparent, name, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} in the trace {@code traceparent} names: as it is when the current span already belongs
     * to that trace, otherwise in a new span {@code name}, a child of the remote one. Without a valid
     * {@code traceparent} the work runs in the current span (if any).
     */
    public <T> T within(String traceparent, String name, Supplier<T> work) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return work.get();
        }
        Span current = tracer.currentSpan();
        if (current != null && traceparent.substring(3, 35).equals(current.context().traceId())) {
            return work.get();
        }
        Span span = propagator.extract(Map.of(FIELD, traceparent), Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
