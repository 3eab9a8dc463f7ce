/* Private feed links: random tokens, stored only as their SHA-256, and
 * compared in constant time. */
#ifndef DUEDAY_TOKEN_H
#define DUEDAY_TOKEN_H

#include "dueday/api.h"
#include "dueday/error.h"

#include <stdbool.h>
#include <stddef.h>

DD_BEGIN_DECLS

/* 160 bits from the operating system's random source, as 40 lower-case
 * hex digits, and the NUL. */
#define DD_TOKEN_BYTES 20
/* Room for a token as text and its NUL. */
#define DD_TOKEN_BUFSIZE (2 * DD_TOKEN_BYTES + 1)
/* A SHA-256 digest as 64 hex digits, and the NUL. */
#define DD_TOKEN_HASH_BUFSIZE 65

/* Writes a new token and its NUL into out (the caller's). Returns DD_OK;
 * DD_EIO, with the reason in diag, when the random source fails. */
DD_API int dd_token_new(char out[DD_TOKEN_BUFSIZE], dd_diag *diag);
/* True for text of the form dd_token_new makes. */
DD_API bool dd_token_well_formed(const char *text);
/* Writes the hex SHA-256 of token and a NUL into out (the caller's): what
 * the register keeps. */
DD_API void dd_token_hash(const char *token, char out[DD_TOKEN_HASH_BUFSIZE]);
/* a == b over n bytes, in a time that does not depend on where they
 * differ. */
DD_API bool dd_token_equal(const char *a, const char *b, size_t n);

DD_END_DECLS

#endif
