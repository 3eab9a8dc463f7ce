/* HTTPS for the feed server: the certificate and key, read from PEM files
 * and handed to GnuTLS through libmicrohttpd's certificate callback, so
 * that a reload (SIGHUP, after certbot renews the files) swaps them for
 * the next handshakes without a restart and without dropping a
 * connection. */
#ifndef DUEDAY_TLS_H
#define DUEDAY_TLS_H

#include "dueday/dueday.h"

#include <gnutls/abstract.h>

/* The certificate in force (opaque). */
typedef struct dd__tls dd__tls;

/* Whether this libmicrohttpd has TLS and the certificate callback; false
 * with the reason in diag. */
bool dd__tls_supported(dd_diag *diag);
/* Reads the chain in cert_file and the key in key_file, and checks that
 * they belong together. Returns DD_OK with *out (free with dd__tls_free);
 * DD_EINVAL when a file is not what it should be, DD_EIO when one cannot
 * be read, each with the file and the reason in diag. One dd__tls serves
 * at a time: the callback finds it through a process-wide pointer (GnuTLS
 * gives the callback no argument of ours), set by dd__tls_new. */
int dd__tls_new(const char *cert_file, const char *key_file, dd__tls **out,
                dd_diag *diag);
/* Reads the files again; on success new handshakes get the new pair. On
 * failure the old pair stays in force and diag says why. */
int dd__tls_reload(dd__tls *t, dd_diag *diag);
/* The callback for MHD_OPTION_HTTPS_CERT_CALLBACK: the pair in force. */
gnutls_certificate_retrieve_function2 dd__tls_retrieve;
/* Frees t and every pair it held; NULL does nothing. */
void dd__tls_free(dd__tls *t);

#endif
