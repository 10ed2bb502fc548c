// SPDX-License-Identifier: GPL-2.0
/*
 * test_sxp.c - the SXP parser and printers: xend's pretty layout of a
 * domain record reproduced byte for byte, xend-config.sxp lookups (also in
 * the sample tools/examples/ ships), string
 * escapes both ways, and syntax errors with their exact messages.
 */
#define _GNU_SOURCE
#include "../kselftest_harness.h"
#include "libxlutil.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(1 << 16);

	if (!f || !buf)
		return NULL;
	*len = fread(buf, 1, (1 << 16) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

TEST(pretty_print_matches_xend)
{
	struct xlu_error err;
	size_t len;
	char *text = slurp(XLU_TESTDATA "/domain.sxp", &len), *out;
	struct sxp *s;

	ASSERT_NE(NULL, text);
	s = sxp_parse("domain.sxp", text, len, &err);
	ASSERT_NE(NULL, s);
	ASSERT_NE(NULL, s->child);
	EXPECT_EQ(NULL, s->child->next);
	out = sxp_pretty(s->child, 80);
	EXPECT_STREQ(text, out);
	free(out);
	EXPECT_STREQ("3", sxp_child_value(s->child, "domid", NULL));
	EXPECT_STREQ("/dev/hda1 ro", sxp_child_value(sxp_child(sxp_child(
		s->child, "image"), "linux"), "root", NULL));
	EXPECT_STREQ("dflt", sxp_child_value(s->child, "nosuch", "dflt"));
	out = sxp_show(sxp_child(s->child, "image"));
	EXPECT_STREQ("(image (linux (kernel /boot/vmlinuz-2.6-xenU) "
		     "(root '/dev/hda1 ro') (args 4) (vcpus 2)))", out);
	free(out);
	sxp_free(s);
	free(text);
}

TEST(xend_config)
{
	struct xlu_error err;
	struct sxp *s = sxp_parse_file(XLU_TESTDATA "/xend-config.sxp", &err);

	ASSERT_NE(NULL, s);
	EXPECT_STREQ("/var/log/xen/xend.log",
		     sxp_child_value(s, "logfile", NULL));
	EXPECT_STREQ("8002", sxp_child_value(s, "xend-relocation-port", NULL));
	EXPECT_STREQ("", sxp_child_value(s, "xend-address", NULL));
	EXPECT_STREQ("^localhost$ ^localhost\\.localdomain$",
		     sxp_child_value(s, "xend-relocation-hosts-allow", NULL));
	EXPECT_STREQ("network-bridge netdev=eth1",
		     sxp_child_value(s, "network-script", NULL));
	EXPECT_STREQ("196", sxp_child_value(s, "dom0-min-mem", NULL));
	sxp_free(s);
	EXPECT_EQ(NULL, sxp_parse_file("/nonexistent.sxp", &err));
	EXPECT_STREQ("/nonexistent.sxp: No such file or directory", err.msg);
}

/* The sample /etc/xen/xend-config.sxp that make install ships. */
TEST(shipped_xend_config)
{
	struct xlu_error err;
	struct sxp *s = sxp_parse_file(XEN_EXAMPLES "/xend-config.sxp", &err);

	if (!s)
		TH_LOG("%s", err.msg);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("yes", sxp_child_value(s, "xend-unix-server", NULL));
	EXPECT_STREQ("/var/run/xend/xend.sock",
		     sxp_child_value(s, "xend-unix-path", NULL));
	EXPECT_STREQ("no", sxp_child_value(s, "xend-relocation-server", NULL));
	EXPECT_STREQ("", sxp_child_value(s, "xend-relocation-address", NULL));
	EXPECT_STREQ("^localhost$ ^localhost\\.localdomain$",
		     sxp_child_value(s, "xend-relocation-hosts-allow", NULL));
	EXPECT_STREQ("network-bridge",
		     sxp_child_value(s, "network-script", NULL));
	EXPECT_STREQ("196", sxp_child_value(s, "dom0-min-mem", NULL));
	sxp_free(s);
}

TEST(strings_escape_both_ways)
{
	static const char text[] =
		"(a 'x y' \"it's\" 'q\\'d' '\\t\\n\\x41\\101\\\\' '' "
		"'\\q' plain.-_:/~ @ a@b 'x\\0y')";
	struct xlu_error err;
	struct sxp *s = sxp_parse("t", text, sizeof(text) - 1, &err);
	const struct sxp *c;
	char *out;

	ASSERT_NE(NULL, s);
	c = s->child->child;
	EXPECT_STREQ("a", c->atom);
	c = c->next;
	EXPECT_STREQ("x y", c->atom);
	c = c->next;
	EXPECT_STREQ("it's", c->atom);
	c = c->next;
	EXPECT_STREQ("q'd", c->atom);
	c = c->next;
	EXPECT_STREQ("\t\nAA\\", c->atom);
	c = c->next;
	EXPECT_STREQ("", c->atom);
	c = c->next;
	EXPECT_STREQ("\\q", c->atom);
	c = c->next->next->next->next;
	EXPECT_EQ(3, c->len);
	EXPECT_EQ(0, memcmp("x\0y", c->atom, 3));
	out = sxp_show(s->child);
	EXPECT_STREQ("(a 'x y' \"it's\" \"q'd\" '\\t\\nAA\\\\' '' '\\\\q' "
		     "plain.-_:/~ @ 'a@b' 'x\\x00y')", out);
	/* What we print reads back the same. */
	sxp_free(s);
	s = sxp_parse("t", out, strlen(out), &err);
	ASSERT_NE(NULL, s);
	free(out);
	out = sxp_show(s->child);
	EXPECT_STREQ("(a 'x y' \"it's\" \"q'd\" '\\t\\nAA\\\\' '' '\\\\q' "
		     "plain.-_:/~ @ 'a@b' 'x\\x00y')", out);
	free(out);
	sxp_free(s);
}

TEST(atoms_comments_and_separators)
{
	static const char text[] =
		"# leading comment\n(a b#c\n d) (x{y} [z]) \x04 (ignored";
	struct xlu_error err;
	struct sxp *s = sxp_parse("t", text, sizeof(text) - 1, &err);
	char *out;

	ASSERT_NE(NULL, s);
	out = sxp_show(s);
	/* As sxp.py: a separator ends an atom and starts the next. */
	EXPECT_STREQ("((a b d) (x '{y' '}' '[z' ']'))", out);
	free(out);
	EXPECT_EQ(2, s->child->line);
	EXPECT_EQ(1, s->child->col);
	sxp_free(s);
}

TEST(building_and_printing)
{
	struct sxp *top = sxp_new_list(), *dev;
	char *out;

	sxp_append(top, sxp_new_atom("vm"));
	dev = sxp_append(top, sxp_new_list());
	sxp_append(dev, sxp_new_atom("uname"));
	sxp_append(dev, sxp_new_atom("file:/var/xen/a b.img"));
	out = sxp_show(top);
	EXPECT_STREQ("(vm (uname 'file:/var/xen/a b.img'))", out);
	free(out);
	out = sxp_pretty(top, 20);
	EXPECT_STREQ("(vm\n    (uname\n        'file:/var/xen/a b.img'\n"
		     "    )\n)\n", out);
	free(out);
	sxp_free(top);
}

static const struct { const char *text, *msg; } bad_sxp[] = {
	{ "(a b))", "t:1:6: syntax error: found ')' with no list open, "
	  "expected '(' or an atom" },
	{ "(a (b c)\n", "t:2:1: syntax error: found end of file, expected ')' "
	  "to close the list opened at 1:1" },
	{ "(a 'open)", "t:1:4: syntax error: found end of file, expected the "
	  "closing ' of this string" },
	{ "(a '\\x')", "t:1:5: syntax error: found a bad \\x escape, expected "
	  "\\xHH or \\ooo giving a byte" },
	{ "(a '\\777')", "t:1:5: syntax error: found a bad \\7 escape, "
	  "expected \\xHH or \\ooo giving a byte" },
	{ "(a \x01)", "t:1:4: syntax error: found byte 0x01, expected "
	  "printable text" },
	{ "(a '\\", "t:1:5: syntax error: found end of file, expected the "
	  "rest of the string" },
};

TEST(syntax_errors)
{
	for (size_t i = 0; i < sizeof(bad_sxp) / sizeof(bad_sxp[0]); i++) {
		struct xlu_error err;
		struct sxp *s = sxp_parse("t", bad_sxp[i].text,
					  strlen(bad_sxp[i].text), &err);

		EXPECT_EQ(NULL, s);
		EXPECT_STREQ(bad_sxp[i].msg, err.msg);
		sxp_free(s);
	}
}

TEST(deep_nesting_is_refused_not_crashed)
{
	char text[2000];
	struct xlu_error err;

	memset(text, '(', sizeof(text));
	EXPECT_EQ(NULL, sxp_parse("t", text, sizeof(text), &err));
	EXPECT_STREQ("t:1:257: syntax error: found lists nested deeper than "
		     "256, expected less", err.msg);
}

TEST_HARNESS_MAIN
