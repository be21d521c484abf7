package kr.seoul.sane.tracing;

import brave.Tracing;
import brave.propagation.ThreadLocalCurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String REMOTE = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final ThreadLocalCurrentTraceContext current = ThreadLocalCurrentTraceContext.newBuilder().build();
    private final Tracing brave = Tracing.newBuilder()
            .currentTraceContext(current)
            .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
            .traceId128Bit(true)
            .supportsJoin(false)
            .build();
    private final Tracer tracer = new BraveTracer(brave.tracer(), new BraveCurrentTraceContext(current),
            new BraveBaggageManager());
    private final EventTracing tracing = new EventTracing(provider(tracer), provider(new BravePropagator(brave)));

    @AfterEach
    void close() {
        brave.close();
    }

    @Test
    void namesTheCurrentSpanAsAW3cTraceparent() {
        assertThat(tracing.traceparent()).isNull();
        Span span = tracer.nextSpan().name("produce").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            assertThat(tracing.traceparent())
                    .isEqualTo("00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
        } finally {
            span.end();
        }
    }

    @Test
    void runsTheWorkInAChildOfTheRemoteSpan() {
        String inside = tracing.within(REMOTE, "consume", tracing::traceparent);

        assertThat(inside).startsWith("00-" + TRACE_ID + "-").endsWith("-01").doesNotContain("00f067aa0ba902b7");
        assertThat(tracer.currentSpan()).isNull();
    }

    @Test
    void keepsTheCurrentSpanWhenItBelongsToTheSameTrace() {
        tracing.within(REMOTE, "outer", () -> {
            String outer = tracing.traceparent();
            assertThat(tracing.within(REMOTE, "inner", tracing::traceparent)).isEqualTo(outer);
            return null;
        });
    }

    @Test
    void runsTheWorkAsItIsWithoutAValidTraceparent() {
        assertThat(tracing.within(null, "consume", tracing::traceparent)).isNull();
        assertThat(tracing.within("00-not-a-trace", "consume", tracing::traceparent)).isNull();
        assertThat(tracing.within("00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01", "consume",
                tracing::traceparent)).isNull();
    }

    @Test
    void runsAnEventInsideItsTraceAndRethrowsFailures() {
        String[] seen = new String[1];
        tracing.run(REMOTE, "consume", () -> seen[0] = tracing.traceparent());
        assertThat(seen[0]).startsWith("00-" + TRACE_ID + "-");

        assertThatThrownBy(() -> tracing.run(REMOTE, "consume", () -> {
            throw new IllegalStateException("handler failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tracer.currentSpan()).isNull();
    }

    @Test
    void worksWithoutATracer() {
        EventTracing untraced = new EventTracing(provider(null), provider(null));

        assertThat(untraced.traceparent()).isNull();
        assertThat(untraced.within(REMOTE, "consume", () -> "done")).isEqualTo("done");
    }

    @Test
    void isAutoConfiguredWithOrWithoutATracer() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventTracingAutoConfiguration.class));

        runner.run(context -> assertThat(context).hasSingleBean(EventTracing.class));
        runner.withBean(Tracer.class, () -> tracer)
                .withBean(Propagator.class, () -> new BravePropagator(brave))
                .run(context -> assertThat(context).hasSingleBean(EventTracing.class));
    }

    private static <T> ObjectProvider<T> provider(T value) {
        return new org.springframework.beans.factory.ObjectProvider<>() {
            @Override
            public T getObject() {
                return value;
            }

            @Override
            public T getIfAvailable() {
                return value;
            }
        };
    }
}
