package kr.seoul.sane.routing.decision;

import kr.seoul.sane.tracing.EventTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Binds {@code proposal.submitted} (binding {@code routeProposal-in-0}, batch mode: every record of one poll at once),
 * {@code proposal.status-changed} (binding {@code transferProposal-in-0}) and {@code proposal.personal-data-erased}
 * (binding {@code eraseProposalData-in-0}) to the router, each event inside its own trace.
 */
@Configuration(proxyBeanMethods = false)
class ProposalSubmittedBinding {

    /**
     * A batch of {@code proposal.submitted}: the readable events before the first unreadable one are routed, then the
     * unreadable one is reported by its index ({@link BatchListenerFailedException}): the container's error handler
     * commits what came before, sends it to the dead-letter topic and delivers the rest again
     * ({@link SubmittedErrorHandling}).
     */
    @Bean
    Consumer<Message<List<byte[]>>> routeProposal(SubmittedBatchRouter router) {
        return message -> {
            List<byte[]> payloads = message.getPayload();
            List<?> headers = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
            List<SubmittedBatchRouter.Submitted> readable = new ArrayList<>(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                try {
                    readable.add(router.read(payloads.get(i), traceparentHeader(headers, i)));
                } catch (UnreadableEventException e) {
                    router.route(readable);
                    throw new BatchListenerFailedException(e.getMessage(), e, i);
                }
            }
            router.route(readable);
        };
    }

    /** The record's {@code traceparent} header (written by an observed producer), null when absent. */
    private static String traceparentHeader(List<?> headers, int index) {
        if (headers == null || index >= headers.size() || !(headers.get(index) instanceof Map<?, ?> map)) {
            return null;
        }
        Object value = map.get("traceparent");
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value instanceof String s ? s : null;
    }

    @Bean
    Consumer<Message<byte[]>> transferProposal(ProposalRouter router, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "transfer proposal",
                () -> router.onStatusChanged(message.getPayload()));
    }

    @Bean
    Consumer<Message<byte[]>> eraseProposalData(ProposalRouter router, EventTracing tracing) {
        return message -> tracing.consume(message.getPayload(), "erase personal data",
                () -> router.onPersonalDataErased(message.getPayload()));
    }
}
