package kr.seoul.sane.notification.ops;

import kr.seoul.sane.notification.delivery.Delivery;
import kr.seoul.sane.notification.delivery.DeliveryStatus;
import kr.seoul.sane.notification.delivery.BacklogCounts;
import kr.seoul.sane.notification.delivery.DeliveryStore;
import kr.seoul.sane.notification.delivery.FailingAddresses;
import kr.seoul.sane.notification.mail.RecipientRole;
import kr.seoul.sane.notification.directory.DepartmentDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /ops/deliveries}: deliveries by status (failed ones first), the retry backlog and the addresses marked
 * failing; a failed delivery is sent again from its row (POST with CSRF token, then back to the list with a
 * notice in the query string: no session).
 */
@Controller
@RequestMapping("/ops/deliveries")
class OpsDeliveryPageController {

    static final int PAGE_SIZE = 20;
    private static final List<DeliveryStatus> TABS = List.of(DeliveryStatus.FAILED, DeliveryStatus.RETRY,
            DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT);
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9:._-]{1,200}");
    private static final Pattern PAGE = Pattern.compile("\\d{1,6}");
    private static final List<String> NOTICES = List.of("resent", "not-failed");

    private final DeliveryStore store;
    private final BacklogCounts backlog;
    private final FailingAddresses failingAddresses;
    private final DeliveryResend resend;
    private final DepartmentDirectory directory;
    private final OpsPageSupport pages;
    private final Clock clock;

    OpsDeliveryPageController(DeliveryStore store, BacklogCounts backlog, FailingAddresses failingAddresses,
                              DeliveryResend resend, DepartmentDirectory directory, OpsPageSupport pages,
                              Clock clock) {
        this.store = store;
        this.backlog = backlog;
        this.failingAddresses = failingAddresses;
        this.resend = resend;
        this.directory = directory;
        this.pages = pages;
        this.clock = clock;
    }

    record Tab(String code, String label, long count, boolean current) {
    }

    record Row(String id, String createdAt, String createdIso, String template, String recipientRole,
               String department, String recipient, int attempts, String nextAttemptAt, String sentAt,
               String lastError, boolean permanent, String fallbackDeliveryId, String proposalId, boolean failed) {
    }

    record FailingRow(String address, String since, String lastFailedAt, int failures, String template,
                      String recipient, String lastError) {
    }

    @GetMapping
    ModelAndView list(@RequestParam(defaultValue = "FAILED") String status,
                      @RequestParam(defaultValue = "0") String page,
                      @RequestParam(required = false) String notice,
                      @RequestParam(required = false) String id,
                      Locale locale) {
        DeliveryStatus wanted = TABS.stream().filter(s -> s.name().equalsIgnoreCase(status.strip())).findFirst()
                .orElse(null);
        if (wanted == null) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deliveries.badStatus", "/ops/deliveries", locale,
                    String.join(", ", TABS.stream().map(Enum::name).toList()));
        }
        if (!PAGE.matcher(page).matches()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deliveries.badPage", "/ops/deliveries", locale);
        }
        int pageNumber = Integer.parseInt(page);
        long total = 0;
        List<Tab> tabs = new ArrayList<>();
        for (DeliveryStatus tab : TABS) {
            long count = store.countByStatus(tab);
            if (tab == wanted) {
                total = count;
            }
            tabs.add(new Tab(tab.name(), pages.text("status." + tab.name(), locale), count, tab == wanted));
        }
        List<Row> rows = store.findByStatus(wanted, pageNumber, PAGE_SIZE).stream().map(d -> row(d, locale)).toList();
        long pageCount = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("opsPage", "deliveries");
        model.put("tabs", tabs);
        model.put("status", wanted.name());
        model.put("statusLabel", pages.text("status." + wanted.name(), locale));
        model.put("rows", rows);
        model.put("total", total);
        model.put("page", pageNumber);
        model.put("pages", pageCount);
        model.put("hasPrevious", pageNumber > 0);
        model.put("hasNext", pageNumber + 1 < pageCount);
        model.put("backlog", backlog.countBacklog());
        model.put("backlogOldestAge", backlog.oldestBacklogCreatedAt()
                .map(created -> pages.age(Duration.between(created, clock.instant()), locale)).orElse(null));
        model.put("failing", failingAddresses.list(100).stream().map(f -> new FailingRow(
                OpsDeliveryController.mask(f.address()), OpsPageSupport.seoul(f.since()),
                OpsPageSupport.seoul(f.lastFailedAt()), f.failures(), templateName(f.template(), locale),
                recipientLabel(f.recipientRole(), f.departmentCode(), locale), f.lastError())).toList());
        model.put("failingTotal", failingAddresses.count());
        if (notice != null && NOTICES.contains(notice) && id != null && DELIVERY_ID.matcher(id).matches()) {
            model.put("notice", pages.text("deliveries.notice." + notice, locale, id));
        }
        return new ModelAndView("ops/deliveries", model);
    }

    @PostMapping("/{id}/resend")
    ModelAndView resend(@PathVariable String id, Locale locale) {
        if (!DELIVERY_ID.matcher(id).matches()) {
            return pages.problem(HttpStatus.BAD_REQUEST, "deliveries.badId", "/ops/deliveries", locale);
        }
        String notice = switch (resend.resend(id)) {
            case UNKNOWN -> null;
            case NOT_FAILED -> "not-failed";
            case REQUEUED -> "resent";
        };
        if (notice == null) {
            return pages.problem(HttpStatus.NOT_FOUND, "deliveries.unknown", "/ops/deliveries", locale);
        }
        String back = UriComponentsBuilder.fromPath("/ops/deliveries").queryParam("status", "FAILED")
                .queryParam("notice", notice).queryParam("id", id).encode().build().toUriString();
        return new ModelAndView("redirect:" + back);
    }

    private Row row(Delivery d, Locale locale) {
        return new Row(d.id(), OpsPageSupport.seoul(d.createdAt()),
                d.createdAt() == null ? null : d.createdAt().toString(), templateName(d.template(), locale),
                pages.text("role." + d.recipientRole(), locale),
                d.departmentCode() == null ? "" : directory.nameOf(d.departmentCode()),
                OpsDeliveryController.mask(d.recipient()), d.attempts(), OpsPageSupport.seoul(d.nextAttemptAt()),
                OpsPageSupport.seoul(d.sentAt()), d.lastError(), d.permanentFailure(), d.fallbackDeliveryId(),
                d.proposalId(), d.status() == DeliveryStatus.FAILED);
    }

    private String templateName(String template, Locale locale) {
        return template == null ? "" : pages.textOr("template." + template, template, locale);
    }

    private String recipientLabel(RecipientRole role, String departmentCode, Locale locale) {
        String label = role == null ? "" : pages.text("role." + role, locale);
        return departmentCode == null ? label : label + " · " + directory.nameOf(departmentCode);
    }
}
