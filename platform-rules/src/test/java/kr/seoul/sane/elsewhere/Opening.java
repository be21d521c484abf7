package kr.seoul.sane.elsewhere;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** A class of another module ({@code kr.seoul.sane.elsewhere}) for the boundary rules to find. */
public final class Opening {

    public boolean isOpen(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
