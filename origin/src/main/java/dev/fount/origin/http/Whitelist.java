package dev.fount.origin.http;

import java.util.List;

/** MediaPackage's endpoint whitelist: IPv4 CIDR blocks; an empty list allows everyone. */
final class Whitelist {

    private Whitelist() {
    }

    static boolean allows(List<String> cidrs, String address) {
        if (cidrs.isEmpty()) {
            return true;
        }
        long ip = ipv4(address);
        if (ip < 0) {
            return false;
        }
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            long network = ipv4(cidr.substring(0, slash));
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            if (network >= 0 && (ip & mask) == (network & mask)) {
                return true;
            }
        }
        return false;
    }

    /** The address as an unsigned 32-bit number, or -1 when it is not IPv4 (IPv4-mapped IPv6 counts). */
    static long ipv4(String address) {
        if (address == null) {
            return -1;
        }
        String a = address.startsWith("::ffff:") ? address.substring(7) : address;
        String[] parts = a.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            try {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                value = (value << 8) | octet;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return value;
    }
}
