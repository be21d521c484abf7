package kr.seoul.sane.notification.mail;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

/** Business days in Seoul: weekends and Korean public holidays (calendar/holidays-kr.txt) are not. */
@Component
public class BusinessCalendar {

    private final Set<LocalDate> holidays;

    public BusinessCalendar() {
        try {
            String text = new ClassPathResource("calendar/holidays-kr.txt").getContentAsString(StandardCharsets.UTF_8);
            holidays = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(LocalDate::parse).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isBusinessDay(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(date);
    }

    /** The date {@code days} business days after {@code start}. */
    public LocalDate plusBusinessDays(LocalDate start, int days) {
        LocalDate date = start;
        int left = days;
        while (left > 0) {
            date = date.plusDays(1);
            if (isBusinessDay(date)) {
                left--;
            }
        }
        return date;
    }
}
