package kr.seoul.sane.notification.reminder;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import kr.seoul.sane.notification.mail.BusinessCalendar;
import kr.seoul.sane.notification.mail.MailComposer;
import kr.seoul.sane.opssecurity.time.FixedDates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A proposal routed at 10:00 in Seoul on each fixed date: the department is reminded after 3 business days and the
 * operators are told after 7, at the same time of day, skipping weekends and Korean public holidays (추석 and its
 * substitute day, 개천절's substitute day, 신정); a minute earlier nothing is due.
 */
class DepartmentDeadlinesTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static final InetSocketAddress ADDRESS = MONGO.bind();
    private static final MongoClient CLIENT = MongoClients.create(
            "mongodb://" + ADDRESS.getHostString() + ":" + ADDRESS.getPort());

    private final DepartmentAssignments assignments =
            new DepartmentAssignments(new MongoTemplate(CLIENT, "deadlines-" + System.nanoTime()));
    /** Only the business-day arithmetic is used here. */
    private final DepartmentReminders reminders =
            new DepartmentReminders(null, null, new MailComposer(), null, null, new BusinessCalendar(), null, null,
                    null);

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.shutdownNow();
    }

    static Stream<Arguments> deadlines() {
        return Stream.of(
                arguments(FixedDates.WEEKDAY, "2026-11-26", "2026-12-02"),
                arguments(FixedDates.SATURDAY, "2026-12-02", "2026-12-08"),
                arguments(FixedDates.PUBLIC_HOLIDAY, "2026-10-01", "2026-10-08"),
                arguments(FixedDates.LAST_BUSINESS_DAY_OF_YEAR, "2027-01-06", "2027-01-12"));
    }

    @ParameterizedTest
    @MethodSource("deadlines")
    void theDepartmentIsRemindedOnTheThirdBusinessDayAndOperatorsToldOnTheSeventh(FixedDates routed,
                                                                                 String reminderDay,
                                                                                 String escalationDay) {
        Instant routedAt = routed.instant();
        Instant remindAt = reminders.afterBusinessDays(routedAt, 3);
        Instant escalateAt = reminders.afterBusinessDays(routedAt, 7);
        assertThat(remindAt).isEqualTo(tenInSeoul(reminderDay));
        assertThat(escalateAt).isEqualTo(tenInSeoul(escalationDay));

        String id = "proposal-" + routed.name();
        assignments.assigned(new DepartmentAssignment(id, "routed-" + routed.name(), null, "SN-TEST-0000-0001",
                "폐플라스틱 병뚜껑 새활용 시민 캠페인", "푸른지구 협동조합", "RESOURCE_CIRCULATION", "자원순환과",
                routedAt, remindAt, escalateAt, false, false, false));

        assertThat(ids(assignments.dueForReminder(remindAt.minusSeconds(60), 10))).isEmpty();
        assertThat(ids(assignments.dueForReminder(remindAt, 10))).containsExactly(id);
        assertThat(ids(assignments.dueForEscalation(remindAt, 10))).isEmpty();
        assignments.markReminded(id, "routed-" + routed.name());
        assertThat(ids(assignments.dueForReminder(escalateAt, 10))).as("reminded once").isEmpty();
        assertThat(ids(assignments.dueForEscalation(escalateAt.minusSeconds(60), 10))).isEmpty();
        assertThat(ids(assignments.dueForEscalation(escalateAt, 10))).containsExactly(id);
    }

    private static Instant tenInSeoul(String date) {
        return LocalDate.parse(date).atTime(10, 0).atZone(FixedDates.SEOUL).toInstant();
    }

    private static List<String> ids(List<DepartmentAssignment> due) {
        return due.stream().map(DepartmentAssignment::proposalId).toList();
    }
}
