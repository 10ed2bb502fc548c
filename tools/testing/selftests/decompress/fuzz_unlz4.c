/* libFuzzer target for unlz4 (common/compress): no input may crash or overrun. */
#include <stdint.h>
#include <stddef.h>
#include <xen/decompress.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 20];
	size_t got;

	/* Both a roomy and a tight output buffer: -ENOSPC paths too. */
	unlz4(data, size, out, sizeof(out), &got);
	unlz4(data, size, out, size & 0xfff, &got);
	return 0;
}
