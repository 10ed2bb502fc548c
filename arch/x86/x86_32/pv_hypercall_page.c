/* The x86_32 ports' hypercall page: every guest's is 32-bit (pv/hypercall_stub32.c). */
#include "../pv/pv.h"

void pv_hypercall_stub(const struct domain *d, unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE])
{
	pv_hypercall_stub32(nr, stub);
}
