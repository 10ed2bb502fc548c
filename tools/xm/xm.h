/* SPDX-License-Identifier: GPL-2.0 */
/* xm.h - what xm's files share: talking to xend, and the error line. */
#ifndef XM_H
#define XM_H

#include <stdbool.h>
#include <json-c/json.h>

/*
 * Send {"cmd": @cmd, "args": @args} (taken over; NULL: none) to xend.
 * Returns the result (owned by the caller; NULL if there is none), or
 * exits with xm's one-line error: connection, or xend's reply.
 */
struct json_object *xm_call(const char *cmd, struct json_object *args);
/* As xm_call, but a failure returns NULL with the message in @err. */
struct json_object *xm_try(const char *cmd, struct json_object *args,
			   char *err, size_t errlen, bool *failed);
void xm_die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						 noreturn));
int xm_top(int argc, char **argv);
/* Lines {"progress": ...} before an answer go here (xm migrate). */
extern void (*xm_progress)(struct json_object *p);
/* xm_save.c */
int xm_save(int argc, char **argv);
int xm_restore(int argc, char **argv);
int xm_migrate(int argc, char **argv);

#endif /* XM_H */
