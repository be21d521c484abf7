package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.field.CooperationField;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.List;
import java.util.Locale;

/** Model values every page needs: language, field list, the public origin for absolute links. */
@ControllerAdvice(assignableTypes = {CatalogPagesController.class, TransparencyPageController.class})
class PageModelAdvice {

    private final String publicBaseUrl;

    PageModelAdvice(@Value("${catalog.public-base-url:http://localhost:8080}") String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    @ModelAttribute("en")
    boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }

    @ModelAttribute("htmlLang")
    String htmlLang(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "ko";
    }

    @ModelAttribute("allFields")
    List<CooperationField> fields() {
        return List.of(CooperationField.values());
    }

    @ModelAttribute("publicBaseUrl")
    String publicBaseUrl() {
        return publicBaseUrl;
    }
}
