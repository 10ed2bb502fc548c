/* Shared by the files of common/libelf/ only. */
#ifndef COMMON_LIBELF_PRIVATE_H
#define COMMON_LIBELF_PRIVATE_H

#include <lib/string.h>
#include <lib/vsprintf.h>
#include <xen/errno.h>
#include <xen/libelf.h>

#define PT_LOAD		1
#define PT_NOTE		4

/* Little-endian reads that do not assume alignment. */
static inline u16 elf_rd16(const u8 *p) { return p[0] | p[1] << 8; }
static inline u32 elf_rd32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}
static inline u64 elf_rd64(const u8 *p)
{
	return elf_rd32(p) | (u64)elf_rd32(p + 4) << 32;
}

/* Record why the image is refused; always returns -EINVAL. */
int elf_refuse(struct elf_image *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* a + b without wrapping past 2^64, else false. */
static inline bool elf_add_ok(u64 a, u64 b, u64 *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

/* Parse the notes of one PT_NOTE segment (bounds already checked). */
int elf_parse_notes(struct elf_image *img, const u8 *notes, u64 len);

#endif /* COMMON_LIBELF_PRIVATE_H */
