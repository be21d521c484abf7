package kr.seoul.sane.catalog.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/** The Korean (or English) 404 page of the catalogue, for an unknown case, draft or institution. */
public final class NotFoundPage {

    private NotFoundPage() {
    }

    public static ModelAndView view() {
        ModelAndView mv = new ModelAndView("not-found");
        mv.setStatus(HttpStatus.NOT_FOUND);
        return mv;
    }
}
