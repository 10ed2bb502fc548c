/*
 * libFuzzer target for the bzImage parser (arch/x86/bzimage.c) and what
 * the loader does next: decompress the payload into as much as it claims.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <asm/bzimage.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_payload p;
	const char *why;
	uint8_t *out;
	size_t got;

	if (bzimage_parse(data, size, &p, &why) || p.format == COMPRESS_NONE)
		return 0;
	if (p.out_len > (16u << 20))
		return 0;		/* the loader's cap is bigger; keep the fuzzer quick */
	out = malloc(p.out_len);
	if (out)
		decompress(p.data, p.len, out, p.out_len, &got);
	free(out);
	return 0;
}
