/* Client addresses for the feed server: IPv4 and IPv6 alike, CIDR blocks
 * (web.trusted_proxies, web.metrics_allow), loopback, and the client a
 * trusted reverse proxy names in X-Forwarded-For or Forwarded (RFC 7239).
 * Pure functions, apart from libmicrohttpd, so that they can be tested on
 * their own. */
#ifndef DUEDAY_NETADDR_H
#define DUEDAY_NETADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* An address: 4 bytes for IPv4 (an IPv4-mapped IPv6 address is taken as
 * the IPv4 one it maps), 16 for IPv6. */
typedef struct dd__addr {
  int family; /* AF_INET or AF_INET6; 0: none */
  unsigned char b[16];
} dd__addr;

/* An address and a prefix length: "10.0.0.0/8"; a bare address is the
 * block of that address alone. */
typedef struct dd__cidr {
  dd__addr a;
  int bits;
} dd__cidr;

/* The text form of an address, as inet_ntop writes it. */
#define DD__ADDR_TEXT 46

/* text ("192.0.2.1", "::1", "[::1]") into *out. False when it is not an
 * address (*out then has family 0). */
bool dd__addr_parse(const char *text, dd__addr *out);
/* A socket address into *out; false for a family other than IPv4 and
 * IPv6. */
bool dd__addr_from_sockaddr(const struct sockaddr *sa, dd__addr *out);
/* a as text into buf (DD__ADDR_TEXT bytes at least); "-" for none.
 * Returns buf. */
char *dd__addr_format(const dd__addr *a, char *buf, size_t size);
/* 127.0.0.0/8 or ::1. */
bool dd__addr_loopback(const dd__addr *a);

/* "address" or "address/bits" into *out; false when it is neither or the
 * prefix is longer than the address. */
bool dd__cidr_parse(const char *text, dd__cidr *out);
/* Whether a is inside one of the n blocks. */
bool dd__addr_in(const dd__cidr *blocks, size_t n, const dd__addr *a);

/* The client of a request that came from peer: peer itself, unless peer
 * is one of the n trusted proxies; then the hops its proxies added are
 * read right to left (Forwarded's "for=" when forwarded is not NULL, else
 * X-Forwarded-For), and the client is the first hop that is not a
 * trusted proxy (the ones further left are the client's to write, and
 * prove nothing). A hop that is not an address (Forwarded's "unknown" or
 * an obfuscated name) ends the walk at the last trusted proxy. */
void dd__forwarded_client(const dd__addr *peer, const char *xff,
                          const char *forwarded, const dd__cidr *trusted,
                          size_t n, dd__addr *out);

#endif
