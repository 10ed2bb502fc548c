/* The exception-fixup table (<asm/extable.h>): a linear search, as it is short. */
#include <asm/extable.h>

struct exception_table_entry {
	unsigned long insn, fixup;
};

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

unsigned long search_extable(unsigned long addr)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e->fixup;
	return 0;
}
