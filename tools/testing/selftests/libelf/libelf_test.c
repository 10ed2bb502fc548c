/*
 * common/libelf, compiled for the host: a well-formed ELF64 and ELF32 Xen
 * kernel parse, check and load; then each kind of damage a hostile image
 * can carry is refused with a message that names it, and nothing is loaded.
 */
#include <xen/libelf.h>
#include <public/elfnote.h>
#include "kselftest_harness.h"
#include "elfgen.h"

#define BASE64	0xffffffff80000000ULL
#define BASE32	0xc0000000ULL
#define MAX_SPAN (64ULL << 20)

static struct elfgen g;
static struct elf_image img;
static struct elf_xen_layout layout;

/* Parse and check g; 0 or -EINVAL, with img.err. */
static int try_image(void)
{
	int rc = elf_parse(&img, g.buf, g.size, MAX_SPAN);

	if (!rc)
		rc = elf_xen_check(&img, g.is64 ? "xen-3.0-x86_64" :
				   "xen-3.0-x86_32 xen-3.0-x86_32p", &layout);
	return rc;
}

#define EXPECT_REFUSED(why) do {					\
	EXPECT_EQ(-22, try_image());					\
	if (!strstr(img.err, why))					\
		TH_LOG("message '%s' lacks '%s'", img.err, why);	\
	EXPECT_NE(NULL, strstr(img.err, why));				\
} while (0)

static uint8_t guest_mem[0x8000];
static uint64_t copied, zeroed;

static int copy_cb(void *ctx, uint64_t paddr, const void *src, uint64_t len)
{
	(void)ctx;
	memcpy(guest_mem + (paddr - 0x100000), src, len);
	copied += len;
	return 0;
}

static int zero_cb(void *ctx, uint64_t paddr, uint64_t len)
{
	(void)ctx;
	memset(guest_mem + (paddr - 0x100000), 0, len);
	zeroed += len;
	return 0;
}

static int failing_copy(void *ctx, uint64_t paddr, const void *src, uint64_t len)
{
	(void)ctx; (void)paddr; (void)src; (void)len;
	return -12;
}

TEST(good_elf64_parses_checks_and_loads)
{
	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	ASSERT_EQ(0, try_image());
	EXPECT_TRUE(img.is64);
	EXPECT_EQ(1U, img.nr_segments);
	EXPECT_STREQ("kernel-xen", img.xen.guest_os);
	EXPECT_EQ(BASE64, layout.virt_base);
	EXPECT_EQ(BASE64 + 0x100000, layout.virt_kstart);
	EXPECT_EQ(BASE64 + 0x104000, layout.virt_kend);
	EXPECT_EQ(BASE64 + 0x100000, layout.virt_entry);
	EXPECT_EQ(BASE64 + 0x101000, layout.virt_hypercall);
	memset(guest_mem, 0xff, sizeof(guest_mem));
	EXPECT_EQ(0, elf_load(&img, NULL, copy_cb, zero_cb));
	EXPECT_EQ(0x1000ULL, copied);
	EXPECT_EQ(0x3000ULL, zeroed);
	EXPECT_EQ(0x90, guest_mem[0xfff]);
	EXPECT_EQ(0, guest_mem[0x1000]);
	EXPECT_EQ(-12, elf_load(&img, NULL, failing_copy, zero_cb));
}

TEST(good_elf32)
{
	elfgen_init(&g, 0, BASE32);
	elfgen_finish(&g);
	ASSERT_EQ(0, try_image());
	EXPECT_FALSE(img.is64);
	EXPECT_EQ(BASE32 + 0x100000, layout.virt_entry);
}

TEST(headers_refused)
{
	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	g.buf[0] = 'x';
	EXPECT_REFUSED("not an ELF file");
	g.buf[0] = 0x7f;
	g.buf[4] = 3;
	EXPECT_REFUSED("unknown ELF class");
	g.buf[4] = 2;
	g.buf[5] = 2;
	EXPECT_REFUSED("not little-endian");
	g.buf[5] = 1;
	put16(g.buf + 16, 3);
	EXPECT_REFUSED("not an executable");
	put16(g.buf + 16, 2);
	put16(g.buf + 54, 55);
	EXPECT_REFUSED("program header size");
	put16(g.buf + 54, 56);
	put16(g.buf + 56, 0);
	EXPECT_REFUSED("0 program headers");
	put16(g.buf + 56, 2);
	put64(g.buf + 32, ~0ULL - 8);		/* phoff that wraps */
	EXPECT_REFUSED("program headers past the end");
	g.size = 40;
	EXPECT_REFUSED("not an ELF file");
}

TEST(segments_refused)
{
	uint8_t *ph;

	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	ph = g.buf + g.phoff;
	put64(ph + 32, 0x5000);			/* filesz > memsz */
	EXPECT_REFUSED("above memory size");
	put64(ph + 32, 0x1000);
	put64(ph + 8, g.size - 0x10);		/* data past the end */
	EXPECT_REFUSED("past the end of the file");
	put64(ph + 8, ~0ULL - 0x10);		/* offset + filesz wraps */
	EXPECT_REFUSED("past the end of the file");
	put64(ph + 8, g.notes_off);
	put64(ph + 24, ~0ULL - 0x100);		/* paddr + memsz wraps */
	EXPECT_REFUSED("wraps");
	put64(ph + 24, 0x100000);
	put64(ph + 40, 1ULL << 40);		/* huge memsz */
	EXPECT_REFUSED("span");
	put64(ph + 40, 0x4000);
	/* Turn the note segment into a second load segment overlapping the first. */
	put32(ph + 56, 1);
	put64(ph + 56 + 24, 0x102000);
	EXPECT_REFUSED("overlap");
}

TEST(notes_refused)
{
	uint8_t *first = g.buf;

	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	first = g.buf + g.notes_off;
	put32(first + 4, 0xfffffff0);		/* descsz far past the segment */
	EXPECT_REFUSED("runs past the end of its segment");

	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	first = g.buf + g.notes_off;
	put32(first, 0xffffffff);		/* namesz that would wrap 32 bits */
	EXPECT_REFUSED("runs past the end of its segment");

	elfgen_init(&g, 1, BASE64);
	{
		static char longer[300];

		memset(longer, 'x', sizeof(longer));	/* no NUL either */
		elfgen_note(&g, XEN_ELFNOTE_GUEST_VERSION, longer, sizeof(longer));
	}
	elfgen_finish(&g);
	EXPECT_REFUSED("string of 300 bytes");

	elfgen_init(&g, 1, BASE64);
	elfgen_note(&g, XEN_ELFNOTE_ENTRY, "abc", 3);		/* 3-byte number */
	elfgen_finish(&g);
	EXPECT_REFUSED("3-byte number");
}

/*
 * A string note may end at its descriptor without a NUL, as Linux's
 * FEATURES does ("!writable_page_tables|pae_pgdir_above_4gb"): read to
 * the descriptor's end, as Xen reads it, and no further.
 */
TEST(string_note_without_nul)
{
	struct elfgen g;

	elfgen_init(&g, 1, BASE64);
	elfgen_note(&g, XEN_ELFNOTE_GUEST_VERSION, "abcdWXYZ", 4);
	elfgen_finish(&g);
	ASSERT_EQ(0, elf_parse(&img, g.buf, g.size, MAX_SPAN));
	ASSERT_NE(NULL, img.xen.guest_version);
	EXPECT_STREQ("abcd", img.xen.guest_version);
}

TEST(identity_refused)
{
	elfgen_init(&g, 1, BASE64);
	elfgen_finish(&g);
	ASSERT_EQ(0, elf_parse(&img, g.buf, g.size, MAX_SPAN));
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_32p ", &layout));
	EXPECT_STREQ("a xen-3.0-x86_64 guest (64-bit); this hypervisor runs xen-3.0-x86_32p",
		     img.err);

	elfgen_init(&g, 1, BASE64);
	elfgen_note_str(&g, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
	elfgen_finish(&g);
	EXPECT_REFUSED("'xen-3.0' expected");

	elfgen_init(&g, 1, BASE64);
	elfgen_note_str(&g, XEN_ELFNOTE_LOADER, "weird");
	elfgen_finish(&g);
	EXPECT_REFUSED("LOADER note is 'weird'");

	elfgen_init(&g, 1, BASE64);
	g.notes_len = 0;			/* no notes at all */
	elfgen_finish(&g);
	EXPECT_REFUSED("no Xen ELF notes");
}

/* The guest type of an image, as Xen's tools name it. */
static const char *type_of(int is64, uint16_t machine, const char *pae_mode)
{
	elfgen_init(&g, is64, is64 ? BASE64 : BASE32);
	if (pae_mode)
		elfgen_note_str(&g, XEN_ELFNOTE_PAE_MODE, pae_mode);
	elfgen_finish(&g);
	g.buf[18] = machine;
	if (elf_parse(&img, g.buf, g.size, MAX_SPAN))
		return "(not parsed)";
	return elf_xen_guest_type(&img);
}

/*
 * An ELF32 x86 kernel is a PAE one when its PAE_MODE note says "yes",
 * "yes[extended-cr3]" or "bimodal"; without the note, or with "no", it
 * is a 2-level one; a machine that is no guest type is refused, and a
 * guest type outside the hypervisor's capabilities is refused naming
 * both (the x86_64 hypervisor and a 32-bit PAE kernel: compat, not yet).
 */
TEST(guest_types)
{
	EXPECT_STREQ("xen-3.0-x86_64", type_of(1, 62, NULL));
	EXPECT_STREQ("xen-3.0-x86_32", type_of(0, 3, NULL));
	EXPECT_STREQ("xen-3.0-x86_32", type_of(0, 3, "no"));
	EXPECT_STREQ("xen-3.0-x86_32p", type_of(0, 3, "yes"));
	EXPECT_STREQ("xen-3.0-x86_32p", type_of(0, 3, "yes[extended-cr3]"));
	EXPECT_STREQ("xen-3.0-x86_32p", type_of(0, 3, "bimodal"));
	EXPECT_STREQ("xen-3.0-ia64", type_of(1, 50, NULL));
	EXPECT_EQ(NULL, type_of(1, 3, NULL));		/* ELF64 for i386 */
	EXPECT_EQ(NULL, type_of(0, 62, NULL));		/* ELF32 for x86_64 */
	EXPECT_EQ(NULL, type_of(1, 40, NULL));		/* ARM */
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_64 ", &layout));
	EXPECT_STREQ("built for ELF machine 40 (ELF64), no Xen guest type", img.err);

	type_of(0, 3, "yes");
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_64 ", &layout));
	EXPECT_STREQ("a xen-3.0-x86_32p guest (32-bit PAE); this hypervisor runs "
		     "xen-3.0-x86_64", img.err);
	type_of(0, 3, NULL);
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_32p ", &layout));
	EXPECT_STREQ("a xen-3.0-x86_32 guest (32-bit, 2-level paging); this hypervisor "
		     "runs xen-3.0-x86_32p", img.err);
	type_of(0, 3, "yes");
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_32 ", &layout));
	EXPECT_EQ(0, elf_xen_check(&img, "xen-3.0-x86_32 xen-3.0-x86_32p", &layout));
	/* A word of caps that only begins with the type is not it. */
	EXPECT_EQ(-22, elf_xen_check(&img, "xen-3.0-x86_32pp", &layout));
}

TEST(features)
{
	char err[128];

	EXPECT_EQ(0, elf_xen_check_features("!a|b|c", "a|x", err, sizeof(err)));
	EXPECT_EQ(-22, elf_xen_check_features("a|!frob", "a", err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "'frob'"));
	EXPECT_EQ(0, elf_xen_check_features("", "a", err, sizeof(err)));

	elfgen_init(&g, 1, BASE64);
	elfgen_note_str(&g, XEN_ELFNOTE_FEATURES, "!auto_translated_physmap");
	elfgen_finish(&g);
	EXPECT_REFUSED("requires feature 'auto_translated_physmap'");
}

TEST(layout_refused)
{
	elfgen_init(&g, 1, BASE64);
	elfgen_note_num(&g, XEN_ELFNOTE_ENTRY, BASE64 + 0x200000);	/* past the end */
	elfgen_finish(&g);
	EXPECT_REFUSED("outside the image");

	elfgen_init(&g, 1, BASE64);
	elfgen_note_num(&g, XEN_ELFNOTE_ENTRY, BASE64);		/* below the start */
	elfgen_finish(&g);
	EXPECT_REFUSED("outside the image");

	elfgen_init(&g, 1, BASE64);
	elfgen_note_num(&g, XEN_ELFNOTE_HYPERCALL_PAGE, BASE64 + 0x101004);
	elfgen_finish(&g);
	EXPECT_REFUSED("hypercall page");

	elfgen_init(&g, 1, BASE64);
	elfgen_note_num(&g, XEN_ELFNOTE_HYPERCALL_PAGE, BASE64 + 0x104000);
	elfgen_finish(&g);
	EXPECT_REFUSED("hypercall page");

	elfgen_init(&g, 1, BASE64);
	elfgen_note_num(&g, XEN_ELFNOTE_VIRT_BASE, 0xffffffffffff0000ULL);
	elfgen_finish(&g);
	EXPECT_REFUSED("past the top of memory");
}

TEST(random_damage_never_crashes)
{
	unsigned int i, n, refused = 0;

	srand(1);
	for (i = 0; i < 20000; i++) {
		elfgen_init(&g, i & 1, (i & 1) ? BASE64 : BASE32);
		elfgen_finish(&g);
		for (n = 0; n < 1 + (unsigned int)(rand() % 4); n++)
			g.buf[rand() % g.size] = rand();
		refused += try_image() != 0;
	}
	TH_LOG("%u of 20000 damaged images refused", refused);
	EXPECT_GT(refused, 0U);
}

TEST_HARNESS_MAIN
