/*
 * lib/string.c, compiled for the host: each function against the C
 * library's, including overlap (memmove), truncation (strlcpy/strlcat)
 * and the not-found paths.
 */
#include <lib/string.h>
#include "kselftest_harness.h"

TEST(mem_functions)
{
	char a[16] = "abcdefghij", b[16];

	EXPECT_EQ(b, lib_memcpy(b, a, 11));
	EXPECT_EQ(0, lib_memcmp(a, b, 11));
	EXPECT_LT(0, lib_memcmp("b", "a", 1));
	lib_memset(b, 'z', 3);
	EXPECT_EQ(0, lib_memcmp(b, "zzzdefghij", 10));
	lib_memmove(a + 2, a, 8);		/* overlap, forwards */
	EXPECT_EQ(0, lib_memcmp(a, "ababcdefgh", 10));
	lib_memmove(a, a + 2, 8);		/* overlap, backwards */
	EXPECT_EQ(0, lib_memcmp(a, "abcdefghgh", 10));
}

TEST(str_functions)
{
	EXPECT_EQ(5U, lib_strlen("hello"));
	EXPECT_EQ(3U, lib_strnlen("hello", 3));
	EXPECT_EQ(0, lib_strcmp("abc", "abc"));
	EXPECT_GT(0, lib_strcmp("abc", "abd"));
	EXPECT_EQ(0, lib_strncmp("abcX", "abcY", 3));
	EXPECT_STREQ("llo", lib_strchr("hello", 'l'));
	EXPECT_NULL(lib_strchr("hello", 'z'));
	EXPECT_STREQ("o", lib_strrchr("hello", 'o'));
	EXPECT_STREQ("llo", lib_strstr("hello", "ll"));
	EXPECT_NULL(lib_strstr("hello", "xyz"));
	EXPECT_EQ(1U, lib_strcspn("a,b", ",="));
	EXPECT_EQ(3U, lib_strcspn("abc", ","));
}

TEST(strlcpy_strlcat_truncate)
{
	char buf[6];

	EXPECT_EQ(11U, lib_strlcpy(buf, "hello world", sizeof(buf)));
	EXPECT_STREQ("hello", buf);
	lib_strlcpy(buf, "ab", sizeof(buf));
	EXPECT_EQ(7U, lib_strlcat(buf, "cdefg", sizeof(buf)));
	EXPECT_STREQ("abcde", buf);
}

TEST_HARNESS_MAIN
