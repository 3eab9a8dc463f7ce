/* The stylesheet and scripts of the pages (web/assets), built into the
 * program by cmake/assets.cmake so that nothing is read from disk and no
 * node is needed to build or run dueday. They are served under a path that
 * names their content (/assets/<hash>/dueday.css), so a browser may keep
 * them a year: new files mean a new path. */
#ifndef DUEDAY_SRC_WEB_ASSETS_H
#define DUEDAY_SRC_WEB_ASSETS_H

#include <stddef.h>

typedef struct dd__web_asset {
  const char *name;         /* "dueday.css" */
  const char *content_type; /* "text/css; charset=utf-8" */
  const unsigned char *data;
  size_t len;
  const char *etag; /* "\"<sha256 prefix>\"" */
  /* The same bytes gzip-compressed (Content-Encoding: gzip), with an ETag
   * of their own (RFC 9110 8.8.3: another representation). */
  const unsigned char *gzip_data;
  size_t gzip_len;
  const char *gzip_etag;
} dd__web_asset;

/* The path every asset is under, "/assets/<first 16 hex digits of the
 * SHA-256 of all of them>", without a trailing '/'. Static storage. */
const char *dd__web_assets_base(void);

/* The asset whose path is path ("/assets/<hash>/dueday.css"), or NULL for
 * any other path (an old hash included). */
const dd__web_asset *dd__web_asset_find(const char *path);

/* The ith asset, from 0, or NULL past the last. */
const dd__web_asset *dd__web_asset_at(size_t i);

#endif
