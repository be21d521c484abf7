package kr.seoul.sane.catalog.transparency;

import kr.seoul.sane.calendar.KoreanBusinessDays;
import kr.seoul.sane.catalog.directory.DepartmentDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The current figures: computed from the whole {@link ProposalTrack} read model at most once per
 * {@code catalog.transparency.refresh-after} (default one minute) and shared by every page and file until then, so
 * a busy page costs one read of the read model a minute. {@code generatedAt} says when they were computed. The
 * departments are named at every read by the {@link DepartmentDirectory} as it is then, so a renamed or retired
 * department shows as such within seconds, not at the next computation.
 */
@Component
public class TransparencySnapshots {

    private final MongoTemplate mongo;
    private final ResponseFigures figures;
    private final Clock clock;
    private final Duration refreshAfter;
    private final DepartmentDirectory directory;
    private volatile TransparencySummary current;

    TransparencySnapshots(MongoTemplate mongo, Clock clock, DepartmentDirectory directory,
                          @Value("${catalog.transparency.refresh-after:PT1M}") Duration refreshAfter,
                          @Value("${catalog.transparency.overdue-business-days:7}") int overdueBusinessDays,
                          @Value("${catalog.transparency.holidays-file:}") String holidaysFile) throws IOException {
        this.mongo = mongo;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
        this.directory = directory;
        this.figures = new ResponseFigures(businessDays(holidaysFile), overdueBusinessDays);
    }

    /** The bundled holidays plus those of the operator's file (one ISO date a line), if one is named. */
    static KoreanBusinessDays businessDays(String holidaysFile) throws IOException {
        Set<LocalDate> extra = holidaysFile == null || holidaysFile.isBlank() ? Set.of()
                : KoreanBusinessDays.parse(Files.readString(Path.of(holidaysFile), StandardCharsets.UTF_8));
        return new KoreanBusinessDays(KoreanBusinessDays.bundledHolidays(), extra);
    }

    /** The figures, recomputed when the last ones are older than the refresh interval. */
    public TransparencySummary summary() {
        TransparencySummary summary = current;
        Instant now = clock.instant();
        if (summary == null || !now.isBefore(summary.generatedAt().plus(refreshAfter))) {
            synchronized (this) {
                summary = current;
                if (summary == null || !now.isBefore(summary.generatedAt().plus(refreshAfter))) {
                    summary = computeUnnamed();
                    current = summary;
                }
            }
        }
        return summary.named(directory);
    }

    /** Recomputes the figures now and keeps them for the next readers. */
    public synchronized TransparencySummary refresh() {
        TransparencySummary summary = computeUnnamed();
        current = summary;
        return summary.named(directory);
    }

    /** Figures from the read model as it is now, without the cache. */
    public TransparencySummary compute() {
        return computeUnnamed().named(directory);
    }

    /** Figures with the department names the events carried. */
    private TransparencySummary computeUnnamed() {
        Query all = new Query();
        all.fields().exclude("eventIds");
        List<ProposalTrack> tracks = mongo.find(all, org.bson.Document.class, ProposalTrack.COLLECTION).stream()
                .map(ProposalTrack::from).toList();
        return figures.compute(tracks, clock.instant());
    }

    /** Forgets the cached figures (after a rebuild). */
    void invalidate() {
        current = null;
    }
}
