/*
 * The local APIC: per-CPU interrupt controller, one-shot timer and IPIs.
 */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <lib/types.h>

#define APIC_DEFAULT_PHYS_BASE	0xfee00000

#define APIC_ID			0x020
#define APIC_LVR		0x030
#define APIC_TASKPRI		0x080
#define APIC_EOI		0x0b0
#define APIC_SPIV		0x0f0
#define  APIC_SPIV_APIC_ENABLED	(1u << 8)
#define APIC_ESR		0x280
#define APIC_ICR		0x300
#define APIC_ICR2		0x310
#define  APIC_DM_FIXED		0x00000
#define  APIC_DM_NMI		0x00400
#define  APIC_DM_INIT		0x00500
#define  APIC_DM_STARTUP	0x00600
#define  APIC_DM_EXTINT		0x00700
#define  APIC_ICR_BUSY		0x01000
#define  APIC_INT_LEVELTRIG	0x08000
#define  APIC_INT_ASSERT	0x04000
#define  APIC_DEST_ALLBUT	0xc0000
#define APIC_LVTT		0x320
#define APIC_LVTPC		0x340
#define APIC_LVT0		0x350
#define APIC_LVT1		0x360
#define APIC_LVTERR		0x370
#define  APIC_LVT_MASKED	(1u << 16)
#define APIC_TMICT		0x380
#define APIC_TMCCT		0x390
#define APIC_TDCR		0x3e0
#define  APIC_TDR_DIV_1		0xb

/* True once the boot CPU's local APIC is in use (not nolapic, present). */
extern bool lapic_in_use;

/* Find and map the local APIC (MADT's address or the MSR's); false: none. */
bool apic_probe(u64 madt_address);

/* Program this CPU's local APIC; virtual_wire: let the 8259 in (LINT0). */
void setup_local_APIC(bool virtual_wire);

u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 v);
unsigned int get_apic_id(void);

static inline void ack_APIC_irq(void)
{
	apic_write(APIC_EOI, 0);
}

/* Send an IPI: a fixed vector, or INIT/STARTUP (mode), to one APIC ID. */
void apic_send_ipi(unsigned int apic_id, unsigned int mode_vector);

/* Measure the APIC timer's rate against system time (boot CPU). */
void calibrate_APIC_clock(void);

/* Arm this CPU's APIC timer to fire in ns nanoseconds (0: stop it). */
void apic_timer_oneshot(u64 ns);

#endif /* ASM_X86_APIC_H */
