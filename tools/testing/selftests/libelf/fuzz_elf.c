/*
 * libFuzzer target for common/libelf: any input must be either refused
 * with a message or accepted with segments that lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <xen/libelf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct elf_image img;
	struct elf_xen_layout layout;
	unsigned int i;

	if (elf_parse(&img, data, size, 1ULL << 30)) {
		if (!img.err[0])
			abort();	/* a refusal must say why */
		return 0;
	}
	for (i = 0; i < img.nr_segments; i++)
		if (img.seg[i].offset + img.seg[i].filesz > size ||
		    img.seg[i].filesz > img.seg[i].memsz)
			abort();
	/* Every guest type accepted: the check past the identity is fuzzed. */
	if (!elf_xen_check(&img, "xen-3.0-x86_64 xen-3.0-x86_32p xen-3.0-x86_32", &layout) &&
	    (layout.virt_entry < layout.virt_kstart || layout.virt_entry >= layout.virt_kend))
		abort();
	return 0;
}
