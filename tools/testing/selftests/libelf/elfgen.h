/*
 * Build small ELF images in memory for the libelf tests: one PT_LOAD and
 * one PT_NOTE segment holding Xen notes, ELF32 or ELF64, which a test
 * then damages in one precise way.
 */
#ifndef ELFGEN_H
#define ELFGEN_H

#include <stdint.h>
#include <string.h>

#define ELFGEN_MAX	8192

struct elfgen {
	uint8_t buf[ELFGEN_MAX];
	size_t size;
	int is64;
	size_t phoff, notes_off, notes_len;
};

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, v); put32(p + 4, v >> 32); }

/* Append one note; desc is len bytes. */
static void elfgen_note(struct elfgen *g, uint32_t type, const void *desc, uint32_t len)
{
	uint8_t *p = g->buf + g->notes_off + g->notes_len;

	put32(p, 4);
	put32(p + 4, len);
	put32(p + 8, type);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, len);
	g->notes_len += 16 + ((len + 3) & ~3u);
}

static void elfgen_note_str(struct elfgen *g, uint32_t type, const char *s)
{
	elfgen_note(g, type, s, strlen(s) + 1);
}

static void elfgen_note_num(struct elfgen *g, uint32_t type, uint64_t v)
{
	uint8_t b[8];

	if (g->is64) {
		put64(b, v);
		elfgen_note(g, type, b, 8);
	} else {
		put32(b, v);
		elfgen_note(g, type, b, 4);
	}
}

/*
 * A kernel of 16 KiB at paddr 0x100000, VIRT_BASE base, entry at the
 * start, a hypercall page at +4 KiB, and the usual string notes.
 */
static void elfgen_init(struct elfgen *g, int is64, uint64_t base)
{
	size_t ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32;

	memset(g, 0, sizeof(*g));
	g->is64 = is64;
	g->phoff = ehsize;
	g->notes_off = ehsize + 2 * phentsize;
	memcpy(g->buf, "\177ELF", 4);
	g->buf[4] = is64 ? 2 : 1;
	g->buf[5] = 1;
	g->buf[6] = 1;
	put16(g->buf + 16, 2);			/* ET_EXEC */
	put16(g->buf + 18, is64 ? 62 : 3);	/* EM_X86_64 / EM_386 */
	put32(g->buf + 20, 1);
	elfgen_note_str(g, 5, "xen-3.0");
	elfgen_note_str(g, 6, "kernel-xen");
	elfgen_note_str(g, 8, "generic");
	elfgen_note_str(g, 10, "!writable_page_tables|pae_pgdir_above_4gb");
	elfgen_note_num(g, 3, base);			/* VIRT_BASE */
	elfgen_note_num(g, 4, 0);			/* PADDR_OFFSET */
	elfgen_note_num(g, 1, base + 0x100000);		/* ENTRY */
	elfgen_note_num(g, 2, base + 0x101000);		/* HYPERCALL_PAGE */
}

/* Write the headers; the load segment's data follows the notes. */
static void elfgen_finish(struct elfgen *g)
{
	size_t data_off = (g->notes_off + g->notes_len + 15) & ~15ul;
	uint64_t paddr = 0x100000, filesz = 0x1000, memsz = 0x4000;
	uint8_t *ph = g->buf + g->phoff;

	g->size = data_off + filesz;
	memset(g->buf + data_off, 0x90, filesz);
	if (g->is64) {
		put64(g->buf + 24, 0);		/* e_entry: the note wins */
		put64(g->buf + 32, g->phoff);
		put16(g->buf + 52, 64);
		put16(g->buf + 54, 56);
		put16(g->buf + 56, 2);
		put32(ph, 1);				/* PT_LOAD */
		put64(ph + 8, data_off);
		put64(ph + 16, paddr);
		put64(ph + 24, paddr);
		put64(ph + 32, filesz);
		put64(ph + 40, memsz);
		put32(ph + 56, 4);			/* PT_NOTE */
		put64(ph + 56 + 8, g->notes_off);
		put64(ph + 56 + 32, g->notes_len);
		put64(ph + 56 + 40, g->notes_len);
	} else {
		put32(g->buf + 24, 0);
		put32(g->buf + 28, g->phoff);
		put16(g->buf + 40, 52);
		put16(g->buf + 42, 32);
		put16(g->buf + 44, 2);
		put32(ph, 1);
		put32(ph + 4, data_off);
		put32(ph + 8, paddr);
		put32(ph + 12, paddr);
		put32(ph + 16, filesz);
		put32(ph + 20, memsz);
		put32(ph + 32, 4);
		put32(ph + 32 + 4, g->notes_off);
		put32(ph + 32 + 16, g->notes_len);
		put32(ph + 32 + 20, g->notes_len);
	}
}

#endif /* ELFGEN_H */
