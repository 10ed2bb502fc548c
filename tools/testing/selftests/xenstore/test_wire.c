// SPDX-License-Identifier: GPL-2.0
/*
 * test_wire.c - the protocol constants and shared helpers: message type
 * numbers as Xen assigns them, errno names, permission strings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include "../kselftest_harness.h"
#include "xenstore_lib.h"

TEST(type_numbers_are_xen_s)
{
	static const struct { int type; const char *name; int num; } t[] = {
		{ XS_CONTROL, "CONTROL", 0 }, { XS_DIRECTORY, "DIRECTORY", 1 },
		{ XS_READ, "READ", 2 }, { XS_GET_PERMS, "GET_PERMS", 3 },
		{ XS_WATCH, "WATCH", 4 }, { XS_UNWATCH, "UNWATCH", 5 },
		{ XS_TRANSACTION_START, "TRANSACTION_START", 6 },
		{ XS_TRANSACTION_END, "TRANSACTION_END", 7 },
		{ XS_INTRODUCE, "INTRODUCE", 8 }, { XS_RELEASE, "RELEASE", 9 },
		{ XS_GET_DOMAIN_PATH, "GET_DOMAIN_PATH", 10 },
		{ XS_WRITE, "WRITE", 11 }, { XS_MKDIR, "MKDIR", 12 },
		{ XS_RM, "RM", 13 }, { XS_SET_PERMS, "SET_PERMS", 14 },
		{ XS_WATCH_EVENT, "WATCH_EVENT", 15 }, { XS_ERROR, "ERROR", 16 },
		{ XS_IS_DOMAIN_INTRODUCED, "IS_DOMAIN_INTRODUCED", 17 },
		{ XS_RESUME, "RESUME", 18 }, { XS_SET_TARGET, "SET_TARGET", 19 },
		{ XS_RESET_WATCHES, "RESET_WATCHES", 21 },
		{ XS_DIRECTORY_PART, "DIRECTORY_PART", 22 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		EXPECT_EQ(t[i].num, t[i].type);
		EXPECT_STREQ(t[i].name, xs_type_name(t[i].type));
		EXPECT_EQ(t[i].num, xs_type_from_name(t[i].name));
	}
	EXPECT_EQ(NULL, xs_type_name(20));
	EXPECT_EQ(NULL, xs_type_name(XS_TYPE_COUNT));
	EXPECT_EQ(-1, xs_type_from_name("RESTRICT"));
}

TEST(errno_names_round_trip)
{
	static const char *const names[] = {
		"EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG", "EPERM",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		EXPECT_STREQ(names[i],
			     xs_errno_name(xs_errno_from_name(names[i])));
	EXPECT_EQ(ENOENT, xs_errno_from_name("ENOENT"));
	/* Unknown names and numbers: EINVAL, as Xen's clients assume. */
	EXPECT_EQ(EINVAL, xs_errno_from_name("EWHATEVER"));
	EXPECT_EQ(NULL, xs_errno_name(ENOTTY));
}

TEST(permission_strings)
{
	static const struct { const char *s; bool ok; unsigned int id, p; }
	t[] = {
		{ "n0", true, 0, XS_PERM_NONE }, { "r1", true, 1, XS_PERM_READ },
		{ "w65535", true, 65535, XS_PERM_WRITE },
		{ "b7", true, 7, XS_PERM_BOTH },
		{ "x1", false, 0, 0 }, { "r", false, 0, 0 },
		{ "r-1", false, 0, 0 }, { "r 1", false, 0, 0 },
		{ "r1a", false, 0, 0 }, { "r65536", false, 0, 0 },
		{ "", false, 0, 0 }, { "R1", false, 0, 0 },
	};
	char buf[12];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct xs_perm p = { 0, 0 };

		EXPECT_EQ(t[i].ok, xs_perm_parse(t[i].s, &p));
		if (!t[i].ok)
			continue;
		EXPECT_EQ(t[i].id, p.id);
		EXPECT_EQ(t[i].p, p.perms);
		EXPECT_STREQ(t[i].s, xs_perm_format(&p, buf));
	}
}

TEST_HARNESS_MAIN
