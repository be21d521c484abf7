package kr.seoul.sane.routing.classifier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One line of a labelled routing file: the proposal and the expected department code or {@code TRIAGE}. */
public record LabelledItem(String id, ProposalText proposal, String expected) {

    public static final String TRIAGE = "TRIAGE";

    public boolean isProposal() {
        return !TRIAGE.equals(expected);
    }

    /** The same text (title and content), whatever the id: how a file's items are told apart from training items. */
    public String text() {
        return proposal.title() + "\n" + proposal.content();
    }

    /** Reads a labelled file in the format of shared/data/routing-dev.jsonl (blank lines skipped). */
    public static List<LabelledItem> read(BufferedReader reader) throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        List<LabelledItem> items = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = mapper.readTree(line);
            String field = j.path("field").isString() ? j.path("field").asString() : null;
            items.add(new LabelledItem(j.path("id").asString("line-" + n),
                    new ProposalText(j.path("title").asString(""), j.path("content").asString(""), field,
                            j.path("organizationType").asString(null), j.path("organization").asString(null),
                            j.path("suspicious").asBoolean(false)),
                    j.path("expected").asString(TRIAGE)));
        }
        return items;
    }

    /** Reads a labelled file from the class path. */
    public static List<LabelledItem> readResource(String name) {
        InputStream in = LabelledItem.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the class path");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
