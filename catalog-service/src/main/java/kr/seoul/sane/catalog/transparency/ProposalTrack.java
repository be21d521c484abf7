package kr.seoul.sane.catalog.transparency;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Event-fed read model of the transparency figures: what happened to one proposal, without any personal data or
 * text (no name, e-mail, phone, organisation, title or content): when it was submitted, its field (분야), every
 * routing and every status change with its time. Keyed by proposal id; {@code eventIds} are the events applied.
 * The figures are computed from these facts when they are read, so the order in which the three topics are read
 * does not matter.
 */
@Document(ProposalTrack.COLLECTION)
public record ProposalTrack(
        @Id String id,
        Instant submittedAt,
        String field,
        List<Routing> routings,
        List<StatusChange> changes) {

    public static final String COLLECTION = "transparency_proposals";

    /** Read straight from the stored document (several times faster than the mapping layer for a full scan). */
    static ProposalTrack from(org.bson.Document d) {
        // a proposal id that is a valid ObjectId hex string is stored as an ObjectId by the mapping layer's upsert
        Object id = d.get("_id");
        return new ProposalTrack(id instanceof org.bson.types.ObjectId objectId ? objectId.toHexString()
                : (String) id, instant(d.getDate("submittedAt")), d.getString("field"),
                d.getList("routings", org.bson.Document.class, List.of()).stream().map(r -> new Routing(
                        instant(r.getDate("at")), r.getString("departmentCode"), r.getString("departmentName"),
                        r.getString("routedBy"))).toList(),
                d.getList("changes", org.bson.Document.class, List.of()).stream().map(c -> new StatusChange(
                        instant(c.getDate("at")), c.getString("status"), c.getString("actor"),
                        c.getString("departmentCode"))).toList());
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }

    /** The statuses after which nothing more happens to a proposal (proposal-service's closed statuses). */
    public static final Set<String> CLOSED = Set.of("COMPLETED", "DECLINED", "NOT_A_PROPOSAL",
            "WITHDRAWN");

    /** When the proposal closed: the time of its latest status change when that is a closed status, else empty. */
    public Optional<Instant> closedAt() {
        return changes.stream().filter(c -> c.at() != null)
                .max(Comparator.comparing(StatusChange::at))
                .filter(c -> CLOSED.contains(c.status()))
                .map(StatusChange::at);
    }

    public ProposalTrack {
        routings = routings == null ? List.of() : List.copyOf(routings);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /**
     * A {@code proposal.routed}: the department in charge from {@code at} on, chosen automatically ({@code AUTO}),
     * by an operator or by a transfer.
     */
    public record Routing(Instant at, String departmentCode, String departmentName, String routedBy) {
    }

    /** A {@code proposal.status-changed}: the new status, who changed it and the department in charge after it. */
    public record StatusChange(Instant at, String status, String actor, String departmentCode) {
    }
}
