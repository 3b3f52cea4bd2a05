package dev.fount.origin.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class WhitelistTest {

    @Test
    void emptyAllowsEveryone() {
        assertTrue(Whitelist.allows(List.of(), "198.51.100.7"));
        assertTrue(Whitelist.allows(List.of(), "::1"));
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        List<String> list = List.of("203.0.113.0/24", "10.0.0.0/8", "192.0.2.55/32");
        assertTrue(Whitelist.allows(list, "203.0.113.200"));
        assertTrue(Whitelist.allows(list, "10.200.3.4"));
        assertTrue(Whitelist.allows(list, "::ffff:192.0.2.55"), "IPv4-mapped IPv6 is the IPv4 address");
        assertFalse(Whitelist.allows(list, "203.0.114.1"));
        assertFalse(Whitelist.allows(list, "192.0.2.56"));
        assertFalse(Whitelist.allows(list, "2001:db8::1"), "MediaPackage's whitelist is IPv4: IPv6 clients are refused when it is set");
        assertTrue(Whitelist.allows(List.of("0.0.0.0/0"), "8.8.8.8"));
    }
}
