/*
 * Interrupt dispatch.  Interrupt controllers come later; until then every
 * interrupt vector is unexpected, reported once per vector, and dropped.
 */
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <xen/lib.h>

void do_IRQ(struct cpu_user_regs *regs)
{
	static unsigned long reported[NR_VECTORS / (8 * sizeof(long))];
	unsigned int vec = regs->entry_vector;
	unsigned long bit = 1UL << (vec % (8 * sizeof(long)));

	if (!(reported[vec / (8 * sizeof(long))] & bit)) {
		reported[vec / (8 * sizeof(long))] |= bit;
		printk(XENLOG_WARNING "Unexpected interrupt vector %#x\n", vec);
	}
}
