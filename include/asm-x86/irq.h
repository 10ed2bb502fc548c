/*
 * x86 interrupt vectors and IRQs.
 *
 * An IRQ number is a GSI (global system interrupt: IO-APIC input, or the
 * legacy PIC's line when there is no IO-APIC).  Each IRQ in use gets a
 * vector; the top vectors are the local APIC's own (timer, IPIs, error,
 * spurious), handled by "direct" vector handlers.
 */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <asm/regs.h>
#include <xen/errno.h>
#include <lib/types.h>

#define PIC_FIRST_VECTOR	0x20	/* the 8259s' 16 vectors */
#define FIRST_DEVICE_VECTOR	0x30	/* IO-APIC routed IRQs */
#define LAST_DEVICE_VECTOR	0xdf
#define LOCAL_TIMER_VECTOR	0xf0
#define EVENT_CHECK_VECTOR	0xf1	/* IPI: softirqs are pending */
#define INVALIDATE_TLB_VECTOR	0xf2	/* IPI: TLB shoot-down */
#define CALL_FUNCTION_VECTOR	0xf3	/* IPI: cross-CPU function call */
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff

#define NR_IRQS			(LAST_DEVICE_VECTOR - FIRST_DEVICE_VECTOR + 1)

/*
 * A vector a PV guest reaches with int $N through a DPL 3 gate: no device
 * may have it, or its interrupt would look like the guest's instruction.
 * x86_64: int $0x80, bounced straight to the guest's handler.
 */
#define LEGACY_SYSCALL_VECTOR	0x80

static inline bool vector_is_guest_gate(unsigned int vector)
{
	return vector == LEGACY_SYSCALL_VECTOR;
}
#define NR_ISA_IRQS		16

/* How an interrupt controller masks and acknowledges one IRQ. */
struct irq_chip {
	const char *name;
	bool level;			/* level-triggered: a guest must EOI */
	void (*unmask)(unsigned int irq);
	void (*mask)(unsigned int irq);
	void (*ack)(unsigned int irq);	/* before the handler */
	void (*end)(unsigned int irq);	/* after it (may be NULL) */
};

typedef void (*direct_vector_handler_t)(struct trap_frame *regs);

/* Handle this vector on every CPU with fn (APIC timer, IPIs...). */
void set_direct_vector(unsigned int vector, direct_vector_handler_t fn);

/* Is irq routed (has a chip), has it a handler, is it level-triggered? */
bool irq_routed(unsigned int irq);
bool irq_in_use(unsigned int irq);
bool irq_is_level(unsigned int irq);

/*
 * Mask irq from its own handler (its descriptor lock is held), and
 * unmask it again later if it still has a handler: a guest's level
 * interrupt waits masked for the guest's EOI (pirq.c).
 */
void irq_mask_in_handler(unsigned int irq);
void irq_unmask_if_requested(unsigned int irq);

/* Route irq to vector through chip; the IRQ stays masked until requested. */
void irq_set_chip(unsigned int irq, const struct irq_chip *chip,
		  unsigned int vector);
/* Unroute it (no handler is on it): its vector is free again. */
void irq_clear_chip(unsigned int irq);

/*
 * ISA IRQs the firmware routes elsewhere (MADT or MP table overrides):
 * the GSI, and the polarity/trigger flags in the MADT's encoding.
 */
#define IRQ_POLARITY_LOW	0x3
#define IRQ_TRIGGER_LEVEL	0xc
void set_isa_irq_override(unsigned int isa_irq, unsigned int gsi, u16 flags);
u16 isa_irq_flags(unsigned int isa_irq);

/* Identity ISA routing, before the MADT or MP tables add overrides. */
void irq_early_init(void);

/* Set up the interrupt controllers (after the MADT or MP tables are read). */
void init_IRQ(void);

/* The 8259 pair (i8259.c): remapped and masked; with use, it routes IRQs. */
void init_8259A(bool use);

/* The IO-APICs (io_apic.c); without CONFIG_X86_IO_APIC, the 8259 only. */
#ifdef CONFIG_X86_IO_APIC
void mp_register_ioapic(unsigned int id, u64 addr, unsigned int gsi_base);
unsigned int nr_ioapics(void);
/* Does frames [s, e] hold an IO-APIC's register page? */
bool ioapic_in_frames(unsigned long s, unsigned long e);
/*
 * Wire GSI gsi (level or edge, active low or high) to its vector, masked
 * until requested: 0, -EINVAL for a GSI no IO-APIC has, -EEXIST if it
 * is in use.
 */
int ioapic_setup_gsi(unsigned int gsi, bool level, bool low);
/* Is gsi an input of one of the IO-APICs? */
bool ioapic_gsi_exists(unsigned int gsi);
/* The register reg of the IO-APIC at physical address base: 0 or -EINVAL. */
int ioapic_read_register(u64 base, unsigned int reg, u32 *val);
void setup_IO_APIC(void);
#else
static inline void mp_register_ioapic(unsigned int id, u64 addr,
				      unsigned int gsi_base) {}
static inline unsigned int nr_ioapics(void) { return 0; }
static inline bool ioapic_in_frames(unsigned long s, unsigned long e) { return false; }
static inline int ioapic_setup_gsi(unsigned int gsi, bool level, bool low) { return -EINVAL; }
static inline bool ioapic_gsi_exists(unsigned int gsi) { return false; }
static inline int ioapic_read_register(u64 base, unsigned int reg, u32 *val) { return -EINVAL; }
static inline void setup_IO_APIC(void) {}
#endif

/* Interrupt nesting depth of this CPU (0: not in an interrupt). */
unsigned int local_irq_count(void);

#endif /* ASM_X86_IRQ_H */
