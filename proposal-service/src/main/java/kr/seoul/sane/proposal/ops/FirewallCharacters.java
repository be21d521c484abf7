package kr.seoul.sane.proposal.ops;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's default character rules of {@link StrictHttpFirewall} for header names and values and request
 * parameter names, checked by one scan over the code points instead of the regular expressions
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} and {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} that the
 * firewall would evaluate for every header the application reads.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** The firewall of every request: Spring Security's defaults, with these scans as the character rules. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::assignedAndNotControl);
        // parameter values stay unrestricted, as by default: the field rules refuse control characters with a
        // message next to the field
        return firewall;
    }

    /** Every code point assigned and not a control character ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}). */
    static boolean assignedAndNotControl(String value) {
        return allowed(value, false);
    }

    /** As {@link #assignedAndNotControl} but tabs allowed ({@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}). */
    static boolean headerValue(String value) {
        return allowed(value, true);
    }

    private static boolean allowed(String value, boolean tab) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x20 && cp < 0x7F) {
                continue; // printable ASCII, the usual case
            }
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && cp == '\t'))) {
                return false;
            }
        }
        return true;
    }
}
