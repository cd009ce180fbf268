package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What serve says beside its URL about who else can open the explorer, for each kind of address it binds. */
class ExposureTest {
    private static final Supplier<List<InetAddress>> LAN = () -> List.of(ip("2001:db8::5"), ip("192.168.1.23"),
            ip("10.8.0.2"));

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetSocketAddress bound(String literal) {
        return new InetSocketAddress(ip(literal), 8765);
    }

    @Test
    void aLoopbackAddressNeedsNoNoteAndTheMachinesAddressesAreNotAskedFor() {
        Supplier<List<InetAddress>> never = () -> {
            throw new AssertionError("interfaces enumerated for a loopback bind");
        };
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "::1"}) {
            assertThat(Exposure.note(loopback, bound(loopback), never)).as(loopback).isEmpty();
        }
    }

    @Test
    void allIpv4InterfacesSayWhoCanReachItAndOfferTheMachinesIpv4Urls() {
        assertThat(Exposure.note("0.0.0.0", bound("0.0.0.0"), LAN)).hasValue("listening on all interfaces (--host"
                + " 0.0.0.0): anyone who can reach this machine on port 8765 can open the explorer and download the"
                + " model file; from another machine open http://192.168.1.23:8765/ or http://10.8.0.2:8765/,"
                + " whichever network it shares (the 127.0.0.1 URL works on this machine only)");
    }

    /** :: takes IPv4 connections too on a dual-stack machine: its IPv6 addresses come after the IPv4 ones. */
    @Test
    void allIpv6InterfacesOfferIpv6UrlsInBracketsToo() {
        assertThat(Exposure.note("::", bound("::"), LAN).orElseThrow()).startsWith("listening on all interfaces"
                + " (--host ::): ").contains("open http://192.168.1.23:8765/ or http://10.8.0.2:8765/ or"
                + " http://[2001:db8::5]:8765/, whichever");
    }

    /** As people write IPv6 (RFC 5952): the longest run of zero groups shortened, and no interface name. */
    @Test
    void ipv6AddressesAreWrittenShortWithoutTheirInterface() {
        assertThat(Exposure.shortIpv6(ip("fd00:0:0:0:0:0:0:2"))).isEqualTo("fd00::2");
        assertThat(Exposure.shortIpv6(ip("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Exposure.shortIpv6(ip("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(Exposure.shortIpv6(ip("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
        assertThat(Exposure.shortIpv6(ip("2001:db8:1:2:3:4:0:6"))).isEqualTo("2001:db8:1:2:3:4:0:6");
        assertThat(Exposure.url(ip("fd00::2%1"), 80)).isEqualTo("http://[fd00::2]:80/");
    }

    @Test
    void aMachineWithoutAnAddressToNameIsAskedForItsOwn() {
        assertThat(Exposure.note("0.0.0.0", bound("0.0.0.0"), List::of).orElseThrow())
                .contains("; from another machine open http://ADDRESS:8765/ with this machine's address in place of"
                        + " ADDRESS (the 127.0.0.1 URL works on this machine only)");
    }

    @Test
    void aSpecificAddressIsNamedWithItsUrlForOtherMachines() {
        assertThat(Exposure.note("lan-box", bound("192.168.1.23"), LAN)).hasValue("listening on 192.168.1.23 (--host"
                + " lan-box), not only on this machine: anyone who can reach this machine on port 8765 can open the"
                + " explorer and download the model file; its URL, http://192.168.1.23:8765/, works from other"
                + " machines that can reach that address");
    }

    @Test
    void atMostAFewUrlsAreOffered() {
        Supplier<List<InetAddress>> many = () -> List.of(ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"),
                ip("10.0.0.4"), ip("10.0.0.5"));
        String note = Exposure.note("0.0.0.0", bound("0.0.0.0"), many).orElseThrow();
        assertThat(note).contains("http://10.0.0.4:8765/").doesNotContain("10.0.0.5");
    }
}
