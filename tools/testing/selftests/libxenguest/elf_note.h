/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen ELF notes for the synthetic kernels the builder tests make: one
 * note ("Xen", type, desc) at p, padded to 4 bytes; its length.
 */
#ifndef ELF_NOTE_H
#define ELF_NOTE_H

#include <stdint.h>
#include <string.h>

static inline size_t put_note(uint8_t *p, uint32_t type, const void *desc, uint32_t len)
{
	uint32_t hdr[3] = { 4, len, type };

	memcpy(p, hdr, 12);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, len);
	return 16 + ((len + 3) & ~3U);
}

static inline size_t put_str(uint8_t *p, uint32_t type, const char *s)
{
	return put_note(p, type, s, strlen(s) + 1);
}

#endif
