/* libFuzzer target for common/compress: no input may crash or overrun. */
#include <stdint.h>
#include <stddef.h>
#include <xen/inflate.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[65536];
	size_t got, used;

	gunzip(data, size, out, sizeof(out), &got);
	xen_inflate(data, size, out, sizeof(out), &got, &used);
	return 0;
}
