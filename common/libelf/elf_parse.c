/*
 * ELF headers and program headers: every offset and size is checked
 * against the file, with overflow-safe arithmetic, before it is used.
 */
#include <stdarg.h>
#include "libelf-private.h"

#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define ELF_MAX_PHDRS	64

int elf_refuse(struct elf_image *img, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(img->err, sizeof(img->err), fmt, args);
	va_end(args);
	return -EINVAL;
}

struct phdr {
	u32 type;
	u64 offset, vaddr, paddr, filesz, memsz;
};

static void read_phdr(const struct elf_image *img, const u8 *p, struct phdr *ph)
{
	ph->type = elf_rd32(p);
	if (img->is64) {
		ph->offset = elf_rd64(p + 8);
		ph->vaddr = elf_rd64(p + 16);
		ph->paddr = elf_rd64(p + 24);
		ph->filesz = elf_rd64(p + 32);
		ph->memsz = elf_rd64(p + 40);
	} else {
		ph->offset = elf_rd32(p + 4);
		ph->vaddr = elf_rd32(p + 8);
		ph->paddr = elf_rd32(p + 12);
		ph->filesz = elf_rd32(p + 16);
		ph->memsz = elf_rd32(p + 20);
	}
}

static int check_ident(struct elf_image *img)
{
	const u8 *d = img->data;

	if (img->size < 52 || memcmp(d, "\177ELF", 4))
		return elf_refuse(img, "not an ELF file");
	if (d[EI_CLASS] != ELFCLASS32 && d[EI_CLASS] != ELFCLASS64)
		return elf_refuse(img, "unknown ELF class %u", d[EI_CLASS]);
	img->is64 = d[EI_CLASS] == ELFCLASS64;
	if (img->is64 && img->size < 64)
		return elf_refuse(img, "file too short for an ELF64 header");
	if (d[EI_DATA] != ELFDATA2LSB)
		return elf_refuse(img, "not little-endian");
	if (d[EI_VERSION] != 1 || elf_rd32(d + 20) != 1)
		return elf_refuse(img, "unknown ELF version");
	if (elf_rd16(d + 16) != ET_EXEC)
		return elf_refuse(img, "not an executable (type %u)", elf_rd16(d + 16));
	img->machine = elf_rd16(d + 18);
	img->e_entry = img->is64 ? elf_rd64(d + 24) : elf_rd32(d + 24);
	return 0;
}

/* A byte range of the file: inside it, without wrapping. */
static bool in_file(const struct elf_image *img, u64 offset, u64 len)
{
	u64 end;

	return elf_add_ok(offset, len, &end) && end <= img->size;
}

static int add_load_segment(struct elf_image *img, const struct phdr *ph,
			    unsigned int i)
{
	struct elf_segment *s;
	u64 end;

	if (ph->filesz > ph->memsz)
		return elf_refuse(img, "segment %u: file size %#llx above memory size %#llx",
				  i, (unsigned long long)ph->filesz,
				  (unsigned long long)ph->memsz);
	if (!in_file(img, ph->offset, ph->filesz))
		return elf_refuse(img, "segment %u: data past the end of the file", i);
	if (!elf_add_ok(ph->paddr, ph->memsz, &end))
		return elf_refuse(img, "segment %u: address range wraps", i);
	if (!ph->memsz)
		return 0;
	if (img->nr_segments == ELF_MAX_SEGMENTS)
		return elf_refuse(img, "more than %d loadable segments", ELF_MAX_SEGMENTS);
	s = &img->seg[img->nr_segments++];
	s->offset = ph->offset;
	s->filesz = ph->filesz;
	s->paddr = ph->paddr;
	s->memsz = ph->memsz;
	s->vaddr = ph->vaddr;
	return 0;
}

/* Loadable segments may not overlap, and together must fit max_span. */
static int check_segments(struct elf_image *img, u64 max_span)
{
	u64 lo = ~0ULL, hi = 0;
	unsigned int i, j;

	if (!img->nr_segments)
		return elf_refuse(img, "no loadable segment");
	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *a = &img->seg[i];

		for (j = i + 1; j < img->nr_segments; j++) {
			const struct elf_segment *b = &img->seg[j];

			if (a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz)
				return elf_refuse(img, "segments %u and %u overlap", i, j);
		}
		lo = a->paddr < lo ? a->paddr : lo;
		hi = a->paddr + a->memsz > hi ? a->paddr + a->memsz : hi;
	}
	if (hi - lo > max_span)
		return elf_refuse(img, "segments span %#llx bytes, more than the %#llx allowed",
				  (unsigned long long)(hi - lo), (unsigned long long)max_span);
	return 0;
}

int elf_parse(struct elf_image *img, const void *data, size_t size, u64 max_span)
{
	unsigned int i, phnum, phentsize;
	u64 phoff;
	int rc;

	memset(img, 0, sizeof(*img));
	img->data = data;
	img->size = size;
	rc = check_ident(img);
	if (rc)
		return rc;
	phoff = img->is64 ? elf_rd64(img->data + 32) : elf_rd32(img->data + 28);
	phentsize = elf_rd16(img->data + (img->is64 ? 54 : 42));
	phnum = elf_rd16(img->data + (img->is64 ? 56 : 44));
	if (phentsize != (img->is64 ? 56u : 32u))
		return elf_refuse(img, "program header size %u is wrong", phentsize);
	if (!phnum || phnum > ELF_MAX_PHDRS)
		return elf_refuse(img, "%u program headers (1 to %d accepted)", phnum,
				  ELF_MAX_PHDRS);
	if (!in_file(img, phoff, (u64)phnum * phentsize))
		return elf_refuse(img, "program headers past the end of the file");

	for (i = 0; i < phnum; i++) {
		struct phdr ph;

		read_phdr(img, img->data + phoff + (u64)i * phentsize, &ph);
		if (ph.type == PT_LOAD)
			rc = add_load_segment(img, &ph, i);
		else if (ph.type == PT_NOTE && !in_file(img, ph.offset, ph.filesz))
			rc = elf_refuse(img, "note segment %u past the end of the file", i);
		else if (ph.type == PT_NOTE)
			rc = elf_parse_notes(img, img->data + ph.offset, ph.filesz);
		if (rc)
			return rc;
	}
	return check_segments(img, max_span);
}

int elf_load(const struct elf_image *img, void *ctx,
	     int (*copy)(void *ctx, u64 paddr, const void *src, u64 len),
	     int (*zero)(void *ctx, u64 paddr, u64 len))
{
	unsigned int i;
	int rc;

	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];

		rc = copy(ctx, s->paddr, img->data + s->offset, s->filesz);
		if (!rc && s->memsz > s->filesz)
			rc = zero(ctx, s->paddr + s->filesz, s->memsz - s->filesz);
		if (rc)
			return rc;
	}
	return 0;
}
