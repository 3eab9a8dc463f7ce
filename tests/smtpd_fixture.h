/* What the tests that talk to a real SMTP server share: tests/notify/
 * smtpd.py (Debian's python3-aiosmtpd) started on a free loopback port,
 * keeping every message it accepts in DIR/mail, stopped cleanly, and the
 * files of a test's temporary directory DIR read back. A test file sets
 * smtpd_dir (its temporary directory) before starting the server. */
#ifndef DUEDAY_TESTS_SMTPD_FIXTURE_H
#define DUEDAY_TESTS_SMTPD_FIXTURE_H

#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *smtpd_dir; /* the test's temporary directory */
static pid_t server = -1;
static int port;

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* DIR/name, in one of a few buffers: for passing straight to a call. */
static char *path(const char *name) {
  static char buf[8][160];
  static int next;
  char *p = buf[next++ % 8];
  snprintf(p, sizeof buf[0], "%s/%s", smtpd_dir, name);
  return p;
}

/* The whole file, or NULL when there is none. */
static char *slurp(const char *file, size_t *len) {
  FILE *f = fopen(file, "rb");
  if (f == NULL)
    return NULL;
  char *s = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (cap - n < 4096) {
      cap = cap * 2 + 4096;
      s = realloc(s, cap + 1);
      cr_assert_not_null(s);
    }
    size_t got = fread(s + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  fclose(f);
  s[n] = '\0';
  if (len != NULL)
    *len = n;
  return s;
}

static void show_server_log(void) {
  char *log = slurp(path("smtpd.log"), NULL),
       *err = slurp(path("stderr"), NULL);
  cr_log_info("server log:\n%s\nserver stderr:\n%s", log ? log : "",
              err ? err : "");
  free(log);
  free(err);
}

/* Runs argv with its output in DIR/stderr; returns the pid. */
static pid_t spawn(char *const argv[]) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, path("stderr"),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  cr_assert_eq(rc, 0, "cannot run %s: %s", argv[0], strerror(rc));
  return pid;
}

/* Starts the server with the options given (NULL-terminated) and waits,
 * at most 10 s, for the port it writes once it listens. */
static void start_server(const char *const *options) {
  char *argv[32] = {PYTHON3,       SMTPD_PY,         "--port",    "0",
                    "--port-file", path("port"),     "--maildir", path("mail"),
                    "--log",       path("smtpd.log")};
  size_t n = 10;
  for (size_t i = 0; options != NULL && options[i] != NULL; i++) {
    cr_assert_lt(n, 31);
    argv[n++] = (char *)options[i];
  }
  argv[n] = NULL;
  server = spawn(argv);
  for (int i = 0; i < 1000; i++) {
    char *text = slurp(path("port"), NULL);
    if (text != NULL) {
      port = atoi(text);
      free(text);
      cr_assert_gt(port, 0);
      return;
    }
    int status;
    if (waitpid(server, &status, WNOHANG) == server) {
      server = -1;
      show_server_log();
      cr_assert_fail("the server stopped before it listened");
    }
    sleep_ms(10);
  }
  show_server_log();
  cr_assert_fail("the server did not listen within 10 s");
}

/* SIGTERM, and at most 5 s for a clean exit (status 0): the server must
 * stop that way for the tests that kill a pass midway. */
static void stop_server(void) {
  if (server <= 0)
    return;
  pid_t pid = server;
  server = -1;
  kill(pid, SIGTERM);
  int status;
  for (int i = 0; i < 500; i++) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        show_server_log();
      cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                "the server exits with 0 on SIGTERM");
      return;
    }
    sleep_ms(10);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  cr_assert_fail("the server did not stop within 5 s of SIGTERM");
}

static int delivered(void) {
  int n = 0;
  char name[32];
  for (;;) {
    snprintf(name, sizeof name, "mail/%04d.eml", n + 1);
    if (access(path(name), F_OK) != 0)
      return n;
    n++;
  }
}

/* Message number n as the server keeps it: its bytes, recipients, peer. */
static char *kept(int n, const char *ext, size_t *len) {
  char name[32];
  snprintf(name, sizeof name, "mail/%04d.%s", n, ext);
  char *text = slurp(path(name), len);
  cr_assert_not_null(text, "no %s", name);
  return text;
}

#endif
