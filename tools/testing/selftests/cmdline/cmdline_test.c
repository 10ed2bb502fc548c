/*
 * common/kernel.c, compiled for the host: each kind of option parses its
 * valid forms, and every malformed value is reported and leaves the
 * variable at its default; unknown and over-long options are reported and
 * ignored.  printk is captured so the messages themselves are checked.
 * Each test runs in its own process, so each starts from the defaults.
 */
#include <stdarg.h>
#include <stdio.h>
#include <xen/param.h>
#include "kselftest_harness.h"

static char log_buf[4096];

int printk(const char *fmt, ...)
{
	size_t used = strlen(log_buf);
	va_list args;
	int n;

	if (fmt[0] == '<' && fmt[2] == '>')	/* the log level, as the console strips it */
		fmt += 3;
	va_start(args, fmt);
	n = vsnprintf(log_buf + used, sizeof(log_buf) - used, fmt, args);
	va_end(args);
	return n;
}

static bool opt_flag = true;
boolean_param("flag", opt_flag);
static unsigned int opt_num = 7;
integer_param("num", opt_num);
static unsigned char opt_small = 1;
integer_param("small", opt_small);
static unsigned long long opt_mem = 1;
size_param("mem", opt_mem);
static char opt_name[8] = "default";
string_param("name", opt_name);
static int custom_calls;
static int parse_custom(const char *s)
{
	custom_calls++;
	return strcmp(s, "good") ? -1 : 0;
}
custom_param("custom", parse_custom);

static void parse(const char *cmdline)
{
	log_buf[0] = '\0';
	cmdline_parse(cmdline);
}

TEST(booleans)
{
	parse("noflag");
	EXPECT_FALSE(opt_flag);
	parse("flag");
	EXPECT_TRUE(opt_flag);
	parse("flag=off");
	EXPECT_FALSE(opt_flag);
	parse("flag=yes");
	EXPECT_TRUE(opt_flag);
	parse("flag=maybe");
	EXPECT_TRUE(opt_flag);
	EXPECT_STREQ("cmdline: bad value 'maybe' for 'flag', default kept\n", log_buf);
}

TEST(integers)
{
	parse("num=42");
	EXPECT_EQ(42U, opt_num);
	parse("num=0x10 small=255");
	EXPECT_EQ(16U, opt_num);
	EXPECT_EQ(255, opt_small);
	parse("num=12abc");
	EXPECT_EQ(16U, opt_num);
	EXPECT_STREQ("cmdline: bad value '12abc' for 'num', default kept\n", log_buf);
	parse("small=256");		/* does not fit in a u8 */
	EXPECT_EQ(255, opt_small);
	EXPECT_NE(NULL, strstr(log_buf, "bad value '256' for 'small'"));
	parse("num");
	EXPECT_EQ(16U, opt_num);
	EXPECT_NE(NULL, strstr(log_buf, "bad value '' for 'num'"));
}

TEST(sizes)
{
	unsigned long long b;

	parse("mem=512M");
	EXPECT_EQ(512ULL << 20, opt_mem);
	parse("mem=2g");
	EXPECT_EQ(2ULL << 30, opt_mem);
	parse("mem=4096");
	EXPECT_EQ(4096ULL, opt_mem);
	parse("mem=12Q");
	EXPECT_EQ(4096ULL, opt_mem);
	EXPECT_STREQ("cmdline: bad value '12Q' for 'mem', default kept\n", log_buf);
	EXPECT_EQ(0, parse_size("1K", &b));
	EXPECT_EQ(1024ULL, b);
	EXPECT_NE(0, parse_size("", &b));
	EXPECT_NE(0, parse_size("99999999999T", &b));	/* overflows 64 bits */
}

TEST(strings)
{
	parse("name=abc");
	EXPECT_STREQ("abc", opt_name);
	parse("name=far-too-long");
	EXPECT_STREQ("far-too", opt_name);	/* truncated to the buffer */
}

TEST(custom)
{
	custom_calls = 0;
	parse("custom=good");
	EXPECT_EQ(1, custom_calls);
	EXPECT_STREQ("", log_buf);
	parse("custom=bad");
	EXPECT_STREQ("cmdline: bad value 'bad' for 'custom', default kept\n", log_buf);
}

TEST(unknown_and_odd_input)
{
	char long_opt[300];

	parse("bogus=1");
	EXPECT_STREQ("cmdline: unknown option 'bogus' ignored\n", log_buf);
	parse("nonum");			/* "no" negates booleans only */
	EXPECT_STREQ("cmdline: unknown option 'nonum' ignored\n", log_buf);
	EXPECT_EQ(7U, opt_num);		/* each test starts from the defaults */
	parse("   num=3    flag   ");
	EXPECT_EQ(3U, opt_num);
	EXPECT_STREQ("", log_buf);
	memset(long_opt, 'a', sizeof(long_opt) - 1);
	long_opt[sizeof(long_opt) - 1] = '\0';
	parse(long_opt);
	EXPECT_NE(NULL, strstr(log_buf, "too long, ignored"));
	parse("");
	EXPECT_STREQ("", log_buf);
}

TEST_HARNESS_MAIN
