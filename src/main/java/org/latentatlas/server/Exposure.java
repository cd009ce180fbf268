package org.latentatlas.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who else can open the explorer, said beside its URL when it is bound to an address other than the loopback: the
 * page and the model file are then anyone's who can reach the port, which the default (127.0.0.1) never allows, and
 * for a wildcard bind the printed URL (the loopback's) works only on this machine.
 */
public final class Exposure {
    /** At most this many of the machine's addresses are offered as URLs for other machines. */
    static final int MOST_URLS = 4;

    private Exposure() {}

    /**
     * The note for a server listening on {@code bound}, none for a loopback address (this machine only).
     *
     * @param host    the address as the user gave it (--host), to name the option that did it
     * @param machine this machine's addresses other machines may reach it by, as {@link #machineAddresses} lists them
     *                (asked only for a wildcard bind)
     */
    public static Optional<String> note(String host, InetSocketAddress bound, Supplier<List<InetAddress>> machine) {
        InetAddress address = bound.getAddress();
        int port = bound.getPort();
        if (address.isLoopbackAddress()) {
            return Optional.empty();
        }
        String who = "anyone who can reach this machine on port " + port + " can open the explorer and download the"
                + " model file";
        if (!address.isAnyLocalAddress()) {
            return Optional.of("listening on " + address.getHostAddress() + " (--host " + host + "), not only on this"
                    + " machine: " + who + "; its URL, " + url(address, port) + ", works from other machines that"
                    + " can reach that address");
        }
        // 0.0.0.0 takes IPv4 connections only; :: takes both on a dual-stack machine.
        boolean ipv6 = address instanceof Inet6Address;
        List<String> urls = machine.get().stream().filter(a -> ipv6 || a instanceof Inet4Address)
                .sorted(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1)) // the shorter to type first
                .limit(MOST_URLS).map(a -> url(a, port)).toList();
        return Optional.of("listening on all interfaces (--host " + host + "): " + who + "; from another machine open "
                + (urls.isEmpty() ? "http://ADDRESS:" + port + "/ with this machine's address in place of ADDRESS"
                        : String.join(" or ", urls) + (urls.size() == 1 ? "" : ", whichever network it shares"))
                + " (the 127.0.0.1 URL works on this machine only)");
    }

    /** {@code http://192.168.1.23:8765/}, {@code http://[2001:db8::5]:8765/}. */
    static String url(InetAddress a, int port) {
        return "http://" + (a instanceof Inet6Address ? "[" + shortIpv6(a) + "]" : a.getHostAddress()) + ":" + port
                + "/";
    }

    /**
     * {@code 2001:db8::5} for what Java writes {@code 2001:db8:0:0:0:0:0:5%eth0}: the longest run of zero groups
     * shortened as people write it (RFC 5952), and no interface name, which a URL cannot carry.
     */
    static String shortIpv6(InetAddress a) {
        String[] groups = a.getHostAddress().replaceFirst("%.*", "").split(":");
        int bestStart = -1;
        int bestLength = 1; // a single zero group stays "0"
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    }

    /**
     * The addresses of this machine's interfaces that are up, other than loopback and link-local ones (a link-local
     * IPv6 address needs its interface named in the URL, which browsers do not take); none where they cannot be read.
     */
    public static List<InetAddress> machineAddresses() {
        List<InetAddress> found = new ArrayList<>();
        try {
            var nics = NetworkInterface.getNetworkInterfaces();
            for (NetworkInterface nic : nics == null ? List.<NetworkInterface>of() : Collections.list(nics)) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
                        found.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of(); // the note then asks for the address instead of naming one
        }
        return found;
    }
}
