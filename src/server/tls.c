/* HTTPS certificates (see tls.h), on GnuTLS: the library libmicrohttpd is
 * built with on Debian. A pair, once handed to a handshake, is kept until
 * the server ends: GnuTLS borrows it for the session and says nothing
 * when it is done, and a renewal every 60 to 90 days costs a few KB. */
#include "tls.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The most certificates of a chain read: leaf, intermediates. */
#define CHAIN_MAX 8

struct pair {
  gnutls_pcert_st pcert[CHAIN_MAX];
  unsigned n;
  gnutls_privkey_t key;
  struct pair *older;
};

struct dd__tls {
  char *cert_file, *key_file;
  pthread_mutex_t lock;
  struct pair *current; /* and, through older, every earlier one */
};

/* The one in force (see dd__tls_new); set before the server starts and
 * cleared after it stops. */
static dd__tls *_Atomic active;

bool dd__tls_supported(dd_diag *diag) {
  if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
    dd_diag_set(diag, DD_EINVAL,
                "this libmicrohttpd was built without TLS: serve plain HTTP "
                "behind a reverse proxy (config/nginx/dueday.conf)");
    return false;
  }
  if (MHD_is_feature_supported(MHD_FEATURE_HTTPS_CERT_CALLBACK) != MHD_YES) {
    dd_diag_set(diag, DD_EINVAL,
                "this libmicrohttpd cannot take a certificate callback "
                "(GnuTLS 3.0 or later): serve behind a reverse proxy");
    return false;
  }
  return true;
}

static void pair_free(struct pair *p) {
  while (p != NULL) {
    struct pair *older = p->older;
    for (unsigned i = 0; i < p->n; i++)
      gnutls_pcert_deinit(&p->pcert[i]);
    gnutls_privkey_deinit(p->key);
    free(p);
    p = older;
  }
}

static int load(const char *cert_file, const char *key_file, struct pair **out,
                dd_diag *diag) {
  *out = NULL;
  struct pair *p = calloc(1, sizeof *p);
  if (p == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  p->n = CHAIN_MAX;
  int rc = gnutls_pcert_list_import_x509_file(
      p->pcert, &p->n, cert_file, GNUTLS_X509_FMT_PEM, NULL, NULL, 0);
  if (rc < 0) {
    p->n = 0;
    pair_free(p);
    return dd_diag_set(diag, rc == GNUTLS_E_FILE_ERROR ? DD_EIO : DD_EINVAL,
                       "%s: not a PEM certificate chain (of at most %d): %s",
                       cert_file, CHAIN_MAX, gnutls_strerror(rc));
  }
  gnutls_datum_t data = {NULL, 0};
  rc = gnutls_load_file(key_file, &data);
  if (rc < 0) {
    pair_free(p);
    return dd_diag_set(diag, DD_EIO, "%s: cannot be read: %s", key_file,
                       gnutls_strerror(rc));
  }
  rc = gnutls_privkey_init(&p->key);
  if (rc >= 0)
    rc = gnutls_privkey_import_x509_raw(p->key, &data, GNUTLS_X509_FMT_PEM,
                                        NULL, 0);
  gnutls_memset(data.data, 0, data.size);
  gnutls_free(data.data);
  if (rc < 0) {
    pair_free(p);
    return dd_diag_set(diag, DD_EINVAL, "%s: not a PEM private key: %s",
                       key_file, gnutls_strerror(rc));
  }
  /* The key must be the leaf's: otherwise every handshake fails, and
   * only clients would say so. */
  gnutls_pubkey_t mine = NULL;
  unsigned char a[1024], b[1024];
  size_t na = sizeof a, nb = sizeof b;
  bool same = gnutls_pubkey_init(&mine) >= 0 &&
              gnutls_pubkey_import_privkey(mine, p->key, 0, 0) >= 0 &&
              gnutls_pubkey_get_key_id(p->pcert[0].pubkey, 0, a, &na) >= 0 &&
              gnutls_pubkey_get_key_id(mine, 0, b, &nb) >= 0 && na == nb &&
              memcmp(a, b, na) == 0;
  gnutls_pubkey_deinit(mine);
  if (!same) {
    pair_free(p);
    return dd_diag_set(diag, DD_EINVAL,
                       "%s is not the key of the first certificate in %s",
                       key_file, cert_file);
  }
  *out = p;
  return DD_OK;
}

/* GnuTLS asks for the server's certificate at each handshake. */
int dd__tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_dn,
                     int nreqs, const gnutls_pk_algorithm_t *pk_algos,
                     int pk_algos_length, gnutls_pcert_st **pcert,
                     unsigned int *pcert_length, gnutls_privkey_t *pkey) {
  (void)session, (void)req_ca_dn, (void)nreqs, (void)pk_algos,
      (void)pk_algos_length;
  dd__tls *t = active;
  if (t == NULL)
    return -1;
  pthread_mutex_lock(&t->lock);
  *pcert = t->current->pcert;
  *pcert_length = t->current->n;
  *pkey = t->current->key;
  pthread_mutex_unlock(&t->lock);
  return 0;
}

int dd__tls_new(const char *cert_file, const char *key_file, dd__tls **out,
                dd_diag *diag) {
  *out = NULL;
  if (!dd__tls_supported(diag))
    return DD_EINVAL;
  dd__tls *t = calloc(1, sizeof *t);
  if (t == NULL || (t->cert_file = strdup(cert_file)) == NULL ||
      (t->key_file = strdup(key_file)) == NULL) {
    if (t != NULL)
      free(t->cert_file);
    free(t);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  int err = load(cert_file, key_file, &t->current, diag);
  if (err != DD_OK) {
    free(t->cert_file);
    free(t->key_file);
    free(t);
    return err;
  }
  pthread_mutex_init(&t->lock, NULL);
  active = t;
  *out = t;
  return DD_OK;
}

int dd__tls_reload(dd__tls *t, dd_diag *diag) {
  struct pair *p;
  int err = load(t->cert_file, t->key_file, &p, diag);
  if (err != DD_OK)
    return err;
  pthread_mutex_lock(&t->lock);
  p->older = t->current;
  t->current = p;
  pthread_mutex_unlock(&t->lock);
  return DD_OK;
}

void dd__tls_free(dd__tls *t) {
  if (t == NULL)
    return;
  if (active == t)
    active = NULL;
  pair_free(t->current);
  pthread_mutex_destroy(&t->lock);
  free(t->cert_file);
  free(t->key_file);
  free(t);
}
