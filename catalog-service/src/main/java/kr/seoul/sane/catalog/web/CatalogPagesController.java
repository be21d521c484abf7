package kr.seoul.sane.catalog.web;

import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.cases.Scope;
import kr.seoul.sane.catalog.field.CooperationField;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import kr.seoul.sane.catalog.search.CaseQuery;
import kr.seoul.sane.catalog.search.CatalogIndex;
import kr.seoul.sane.catalog.search.SearchPage;
import kr.seoul.sane.catalog.search.Segment;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Server-rendered catalogue pages: /cases, /cases/{id}, /institutions. No JavaScript needed. */
@Controller
class CatalogPagesController {

    static final int PAGE_SIZE = 12;

    private final CatalogIndex index;
    private final String publicBaseUrl;

    CatalogPagesController(CatalogIndex index,
                           @Value("${catalog.public-base-url:http://localhost:8080}") String publicBaseUrl) {
        this.index = index;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** A case as a list entry, with highlighted title and summary. */
    record CaseView(CooperationCase c, List<Segment> title, List<Segment> summary, List<CooperationField> fields) {
    }

    /** An institution as a list entry, with highlighted name and description. */
    record InstitutionView(PartnerInstitution i, List<Segment> name, List<Segment> description,
                           List<CooperationField> fields) {
    }

    /** One field section of the institutions page. */
    record FieldSection(CooperationField field, List<InstitutionView> institutions) {
    }

    /** A share target without a third-party script: a plain link. */
    record ShareLink(String label, String href, boolean external) {
    }

    @GetMapping("/cases")
    String cases(@RequestParam(required = false) String q,
                 @RequestParam(required = false) String field,
                 @RequestParam(required = false) String scope,
                 @RequestParam(required = false) String view,
                 @RequestParam(required = false) String page,
                 Locale locale, Model model) {
        boolean en = "en".equals(locale.getLanguage());
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > ListParameters.MAX_QUERY_LENGTH) {
            text = text.substring(0, ListParameters.MAX_QUERY_LENGTH);
        }
        String fieldCode = CooperationField.isValidCode(field) ? field : null;
        Scope scopeValue = scope == null ? null : Scope.fromCode(scope).orElse(null);
        String tab = switch (view == null ? "" : view) {
            case "main" -> "main";
            case "field" -> "field";
            case "scope" -> "scope";
            default -> fieldCode != null ? "field" : scopeValue != null ? "scope" : "all";
        };
        int pageNumber = parsePage(page);
        SearchPage<CooperationCase> result = index.searchCases(
                new CaseQuery(text, fieldCode, scopeValue, "main".equals(tab), pageNumber, PAGE_SIZE));
        Set<String> terms = index.queryTerms(text);
        List<CaseView> items = result.items().stream().map(c -> new CaseView(c,
                index.highlight(c.displayTitle(en), terms), index.highlight(c.summary(), terms),
                fields(c.fields()))).toList();
        long pages = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);

        model.addAttribute("q", text);
        model.addAttribute("field", fieldCode);
        model.addAttribute("scope", scopeValue == null ? null : scopeValue.name());
        model.addAttribute("scopes", Scope.values());
        model.addAttribute("tab", tab);
        model.addAttribute("items", items);
        model.addAttribute("total", result.total());
        model.addAttribute("page", pageNumber);
        model.addAttribute("pages", pages);
        model.addAttribute("prevUrl", pageNumber > 0 ? casesUrl(text, fieldCode, scopeValue, tab, pageNumber - 1) : null);
        model.addAttribute("nextUrl", pageNumber + 1 < pages
                ? casesUrl(text, fieldCode, scopeValue, tab, pageNumber + 1) : null);
        return "cases";
    }

    @GetMapping("/cases/{id}")
    ModelAndView oneCase(@PathVariable String id, Locale locale) {
        CooperationCase c = index.findCase(id);
        if (c == null || !c.published()) {
            return NotFoundPage.view();
        }
        boolean en = "en".equals(locale.getLanguage());
        String absoluteUrl = publicBaseUrl + c.url();
        String title = c.displayTitle(en);
        String description = c.summary().length() > 150 ? c.summary().substring(0, 149) + "…" : c.summary();
        String u = encode(absoluteUrl);
        String t = encode(title);
        List<ShareLink> share = List.of(
                new ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u, true),
                new ShareLink("X", "https://twitter.com/intent/tweet?url=" + u + "&text=" + t, true),
                new ShareLink(en ? "KakaoStory" : "카카오스토리", "https://story.kakao.com/share?url=" + u, true),
                new ShareLink(en ? "Naver" : "네이버", "https://share.naver.com/web/shareView?url=" + u + "&title=" + t, true),
                new ShareLink(en ? "E-mail" : "이메일", "mailto:?subject=" + t.replace("+", "%20")
                        + "&body=" + u, false));
        ModelAndView mv = new ModelAndView("case");
        mv.addObject("c", c);
        mv.addObject("caseTitle", title);
        mv.addObject("description", description);
        mv.addObject("absoluteUrl", absoluteUrl);
        mv.addObject("caseFields", fields(c.fields()));
        mv.addObject("share", share);
        return mv;
    }

    @GetMapping("/institutions")
    String institutions(@RequestParam(required = false) String q,
                        @RequestParam(required = false) String field,
                        Locale locale, Model model) {
        boolean en = "en".equals(locale.getLanguage());
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > ListParameters.MAX_QUERY_LENGTH) {
            text = text.substring(0, ListParameters.MAX_QUERY_LENGTH);
        }
        String fieldCode = CooperationField.isValidCode(field) ? field : null;
        SearchPage<PartnerInstitution> result = index.searchInstitutions(text, fieldCode, 0, ListParameters.MAX_SIZE);
        Set<String> terms = index.queryTerms(text);
        List<InstitutionView> views = result.items().stream().map(i -> new InstitutionView(i,
                index.highlight(i.displayName(en), terms), index.highlight(i.description(), terms),
                fields(i.fields()))).toList();
        List<FieldSection> sections = new ArrayList<>();
        if (text == null) {
            // grouped by field (분야별); an institution appears under each of its fields
            Map<CooperationField, List<InstitutionView>> byField = new LinkedHashMap<>();
            for (CooperationField f : CooperationField.values()) {
                if (fieldCode == null || fieldCode.equals(f.code())) {
                    byField.put(f, new ArrayList<>());
                }
            }
            for (InstitutionView v : views) {
                v.fields().forEach(f -> {
                    if (byField.containsKey(f)) {
                        byField.get(f).add(v);
                    }
                });
            }
            byField.forEach((f, list) -> {
                if (!list.isEmpty()) {
                    sections.add(new FieldSection(f, list));
                }
            });
        }
        model.addAttribute("q", text);
        model.addAttribute("field", fieldCode);
        model.addAttribute("total", result.total());
        model.addAttribute("items", views);
        model.addAttribute("sections", sections);
        return "institutions";
    }

    private static List<CooperationField> fields(List<String> codes) {
        return codes.stream().map(CooperationField::fromCode).flatMap(java.util.Optional::stream).toList();
    }

    private static int parsePage(String page) {
        try {
            int p = page == null ? 0 : Integer.parseInt(page.strip());
            return Math.max(0, Math.min(p, 100_000));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String casesUrl(String q, String field, Scope scope, String tab, int page) {
        StringBuilder url = new StringBuilder("/cases?view=").append(tab);
        if (q != null) {
            url.append("&q=").append(encode(q));
        }
        if (field != null) {
            url.append("&field=").append(field);
        }
        if (scope != null) {
            url.append("&scope=").append(scope.name());
        }
        return url.append("&page=").append(page).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
