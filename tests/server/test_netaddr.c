/* Client addresses (src/server/netaddr.c): parsing IPv4 and IPv6, CIDR
 * blocks, loopback, and the client a trusted proxy names in
 * X-Forwarded-For or Forwarded. */
#include "server/netaddr.h"

#include <criterion/criterion.h>

#include <string.h>

static dd__addr addr(const char *text) {
  dd__addr a;
  cr_assert(dd__addr_parse(text, &a), "%s", text);
  return a;
}

static const char *text_of(const dd__addr *a) {
  static char buf[DD__ADDR_TEXT];
  return dd__addr_format(a, buf, sizeof buf);
}

/* Addresses: text, and what it reads as ("" not an address). */
static const struct {
  const char *in, *out;
} parsed[] = {
    {"127.0.0.1", "127.0.0.1"},
    {"::1", "::1"},
    {"[::1]", "::1"},
    {"2001:DB8::17", "2001:db8::17"},
    {"::ffff:192.0.2.1", "192.0.2.1"}, /* mapped: the IPv4 address */
    {"", ""},
    {"[]", ""},
    {"localhost", ""},
    {"192.0.2.1:80", ""},
    {"256.0.0.1", ""},
    {"1.2.3", ""},
    {"unknown", ""},
};

Test(netaddr, addresses_read_as_inet_pton_reads_them_mapped_ones_as_ipv4) {
  for (size_t i = 0; i < sizeof parsed / sizeof parsed[0]; i++) {
    dd__addr a;
    bool ok = dd__addr_parse(parsed[i].in, &a);
    cr_expect_eq(ok, parsed[i].out[0] != '\0', "%s", parsed[i].in);
    if (ok)
      cr_expect_str_eq(text_of(&a), parsed[i].out, "%s", parsed[i].in);
  }
}

Test(netaddr, loopback_is_127_slash_8_and_colon_colon_1) {
  const char *yes[] = {"127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"};
  const char *no[] = {"128.0.0.1", "10.0.0.1", "::", "::2", "fe80::1"};
  for (size_t i = 0; i < 4; i++) {
    dd__addr a = addr(yes[i]);
    cr_expect(dd__addr_loopback(&a), "%s", yes[i]);
  }
  for (size_t i = 0; i < 5; i++) {
    dd__addr a = addr(no[i]);
    cr_expect_not(dd__addr_loopback(&a), "%s", no[i]);
  }
}

/* Blocks: a block, an address, and whether it is inside. */
static const struct {
  const char *block, *address;
  bool inside;
} blocks[] = {
    {"10.0.0.0/8", "10.255.1.2", true},
    {"10.0.0.0/8", "11.0.0.1", false},
    {"192.168.1.0/25", "192.168.1.127", true},
    {"192.168.1.0/25", "192.168.1.128", false},
    {"127.0.0.1", "127.0.0.1", true},
    {"127.0.0.1", "127.0.0.2", false},
    {"0.0.0.0/0", "203.0.113.9", true},
    {"0.0.0.0/0", "::1", false}, /* a family is its own */
    {"fd00::/8", "fd12:3456::1", true},
    {"fd00::/8", "fe80::1", false},
    {"::1", "::1", true},
    {"::ffff:10.0.0.0/104", "10.9.9.9", true}, /* a mapped block */
};

Test(netaddr, cidr_blocks_match_by_prefix_within_one_family) {
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
    dd__cidr c;
    cr_assert(dd__cidr_parse(blocks[i].block, &c), "%s", blocks[i].block);
    dd__addr a = addr(blocks[i].address);
    cr_expect_eq(dd__addr_in(&c, 1, &a), blocks[i].inside, "%s in %s",
                 blocks[i].address, blocks[i].block);
  }
}

Test(netaddr, malformed_blocks_are_refused) {
  const char *bad[] = {"10.0.0.0/33", "::/129",      "10.0.0.0/",
                       "10.0.0.0/x",  "/8",          "10.0.0.0/-1",
                       "host/8",      "10.0.0.0/8/8"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dd__cidr c;
    cr_expect_not(dd__cidr_parse(bad[i], &c), "%s", bad[i]);
  }
}

/* A peer, its headers, and the client. Trusted: 127.0.0.1, ::1,
 * 10.0.0.0/8. */
static const struct {
  const char *peer, *xff, *forwarded, *client;
} hops[] = {
    /* An untrusted peer's headers are its own to write. */
    {"203.0.113.5", "198.51.100.1", NULL, "203.0.113.5"},
    {"203.0.113.5", NULL, "for=198.51.100.1", "203.0.113.5"},
    /* A trusted one: the rightmost hop that is not trusted. */
    {"127.0.0.1", "198.51.100.1", NULL, "198.51.100.1"},
    {"127.0.0.1", "6.6.6.6, 198.51.100.1", NULL, "198.51.100.1"},
    {"127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.1.1", NULL, "198.51.100.1"},
    {"::1", "198.51.100.1,10.0.0.2 ,  10.0.0.3", NULL, "198.51.100.1"},
    /* Every hop trusted: the leftmost. */
    {"127.0.0.1", "10.0.0.9, 10.0.0.2", NULL, "10.0.0.9"},
    /* No header, or an empty one: the peer. */
    {"127.0.0.1", NULL, NULL, "127.0.0.1"},
    {"127.0.0.1", "", NULL, "127.0.0.1"},
    /* A hop that is not an address stops at the last trusted one. */
    {"127.0.0.1", "198.51.100.1, junk", NULL, "127.0.0.1"},
    {"127.0.0.1", "junk, 10.0.0.5", NULL, "10.0.0.5"},
    /* Ports and brackets as proxies write them. */
    {"127.0.0.1", "198.51.100.1:4711", NULL, "198.51.100.1"},
    {"127.0.0.1", "[2001:db8::1]:4711", NULL, "2001:db8::1"},
    {"127.0.0.1", "2001:db8::1", NULL, "2001:db8::1"},
    /* Forwarded (RFC 7239), preferred to X-Forwarded-For. */
    {"127.0.0.1", "6.6.6.6", "for=192.0.2.60;proto=https;by=203.0.113.43",
     "192.0.2.60"},
    {"127.0.0.1", NULL, "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\"",
     "2001:db8:cafe::17"},
    {"127.0.0.1", NULL, "proto=https;FOR=192.0.2.7", "192.0.2.7"},
    {"127.0.0.1", NULL, "for=unknown", "127.0.0.1"},
    {"127.0.0.1", NULL, "for=_hidden, for=10.0.0.4", "10.0.0.4"},
    {"127.0.0.1", NULL, "proto=https", "127.0.0.1"},
};

Test(netaddr, the_client_is_the_rightmost_hop_not_a_trusted_proxy) {
  dd__cidr trusted[3];
  cr_assert(dd__cidr_parse("127.0.0.1", &trusted[0]));
  cr_assert(dd__cidr_parse("::1", &trusted[1]));
  cr_assert(dd__cidr_parse("10.0.0.0/8", &trusted[2]));
  for (size_t i = 0; i < sizeof hops / sizeof hops[0]; i++) {
    dd__addr peer = addr(hops[i].peer), client;
    dd__forwarded_client(&peer, hops[i].xff, hops[i].forwarded, trusted, 3,
                         &client);
    cr_expect_str_eq(text_of(&client), hops[i].client, "case %zu: %s / %s", i,
                     hops[i].xff ? hops[i].xff : "-",
                     hops[i].forwarded ? hops[i].forwarded : "-");
  }
}

Test(netaddr, no_trusted_proxies_means_the_peer_whatever_it_sends) {
  dd__addr peer = addr("127.0.0.1"), client;
  dd__forwarded_client(&peer, "198.51.100.1", "for=192.0.2.1", NULL, 0,
                       &client);
  cr_expect_str_eq(text_of(&client), "127.0.0.1");
}
