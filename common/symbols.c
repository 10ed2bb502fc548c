/*
 * Symbol lookup in the table the link embeds (see the xen-syms rule of the
 * top Makefile): sorted text addresses, and the names in the same order.
 * The table is read-only and lookups take no lock, so a crash on any CPU
 * can use it.
 */
#include <xen/lib.h>
#include <xen/symbols.h>

extern const unsigned long symbols_addresses[];
extern const unsigned long symbols_text_end;
extern const unsigned int symbols_num;
extern const unsigned int symbols_name_offsets[];
extern const char symbols_names[];

bool is_kernel_text(unsigned long addr)
{
	return symbols_num && addr >= symbols_addresses[0] &&
	       addr < symbols_text_end;
}

const char *symbols_lookup(unsigned long addr, unsigned long *size,
			   unsigned long *offset)
{
	unsigned int lo = 0, hi = symbols_num, i;
	unsigned long end;

	if (!is_kernel_text(addr))
		return NULL;
	/* The last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (symbols_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	i = lo;
	/* Aliases share an address: name the first of them. */
	while (i > 0 && symbols_addresses[i - 1] == symbols_addresses[i])
		i--;
	for (hi = lo + 1; hi < symbols_num &&
	     symbols_addresses[hi] == symbols_addresses[lo]; hi++)
		;
	end = hi < symbols_num ? symbols_addresses[hi] : symbols_text_end;
	*size = end - symbols_addresses[i];
	*offset = addr - symbols_addresses[i];
	return symbols_names + symbols_name_offsets[i];
}

int snprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long sym_size, offset;
	const char *name = symbols_lookup(addr, &sym_size, &offset);

	if (!name)
		return snprintf(buf, size, "%#lx", addr);
	return snprintf(buf, size, "%s+%#lx/%#lx", name, offset, sym_size);
}
