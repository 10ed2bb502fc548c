/*
 * The local APIC: found through the MADT (or the APIC-base MSR), enabled
 * on every CPU, its timer used one-shot to drive common/timer.c, and its
 * interrupt command register used for IPIs.
 *
 *	lapic		use the local APIC even if the firmware disabled it
 *	nolapic		do not use it: the 8259 PIC and the PIT, one CPU
 *
 * Locking: the registers are per CPU; each CPU touches only its own.
 * The calibration result is written once by the boot CPU.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/time.h>
#include <lib/div64.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>

bool lapic_in_use;
static volatile u32 *lapic_regs;
static bool opt_force_lapic, opt_nolapic;
static struct time_scale ns_to_apic_ticks;
static u64 apic_timer_hz;

static int __init parse_lapic(const char *s)
{
	opt_force_lapic = true;
	return *s ? -1 : 0;
}
custom_param("lapic", parse_lapic);

static int __init parse_nolapic(const char *s)
{
	opt_nolapic = true;
	return *s ? -1 : 0;
}
custom_param("nolapic", parse_nolapic);

u32 apic_read(unsigned int reg)
{
	return lapic_regs[reg / 4];
}

void apic_write(unsigned int reg, u32 v)
{
	lapic_regs[reg / 4] = v;
}

unsigned int get_apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

static bool cpu_has_apic(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return d & (1u << 9);
}

bool __init apic_probe(u64 madt_address)
{
	u64 base;

	if (opt_nolapic) {
		printk("APIC: local APIC disabled by nolapic\n");
		return false;
	}
	base = rdmsr(MSR_IA32_APICBASE);
	if (!cpu_has_apic() && !(opt_force_lapic && (base & MSR_IA32_APICBASE_ENABLE))) {
		printk("APIC: no local APIC\n");
		return false;
	}
	if (!(base & MSR_IA32_APICBASE_ENABLE)) {
		if (!opt_force_lapic) {
			printk("APIC: local APIC disabled by the firmware (lapic forces it)\n");
			return false;
		}
		base |= MSR_IA32_APICBASE_ENABLE;
		wrmsr(MSR_IA32_APICBASE, base);
	}
	if (!madt_address)
		madt_address = base & MSR_IA32_APICBASE_BASE;
	lapic_regs = ioremap(madt_address, 4096);
	if (!lapic_regs)
		return false;
	lapic_in_use = true;
	printk("APIC: local APIC at %#llx, ID %u, version %#x\n",
	       (unsigned long long)madt_address, get_apic_id(), apic_read(APIC_LVR) & 0xff);
	return true;
}

static void apic_timer_interrupt(struct trap_frame *regs)
{
	ack_APIC_irq();
	raise_softirq(TIMER_SOFTIRQ);
}

static void apic_spurious_interrupt(struct trap_frame *regs)
{
	/* Not a real interrupt: no EOI. */
}

static void apic_error_interrupt(struct trap_frame *regs)
{
	u32 esr;

	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	ack_APIC_irq();
	printk(XENLOG_WARNING "APIC error on CPU %u: ESR %#x\n", smp_processor_id(), esr);
}

void setup_local_APIC(bool virtual_wire)
{
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_TASKPRI, 0);
	/* Only the boot CPU lets the 8259's interrupts in, through LINT0. */
	apic_write(APIC_LVT0, virtual_wire && smp_processor_id() == 0 ?
		   APIC_DM_EXTINT : APIC_DM_EXTINT | APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_DM_NMI);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR | APIC_LVT_MASKED);
	apic_write(APIC_TDCR, APIC_TDR_DIV_1);
	apic_write(APIC_TMICT, 0);
	if (smp_processor_id() == 0) {
		set_direct_vector(LOCAL_TIMER_VECTOR, apic_timer_interrupt);
		set_direct_vector(SPURIOUS_APIC_VECTOR, apic_spurious_interrupt);
		set_direct_vector(ERROR_APIC_VECTOR, apic_error_interrupt);
	}
}

/* Count the APIC timer down, masked, over 10 ms of system time. */
void __init calibrate_APIC_clock(void)
{
	s_time_t start, end;
	u32 count;

	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR | APIC_LVT_MASKED);
	apic_write(APIC_TDCR, APIC_TDR_DIV_1);
	apic_write(APIC_TMICT, 0xffffffff);
	start = NOW();
	while ((end = NOW()) - start < MILLISECS(10))
		cpu_relax();
	count = 0xffffffff - apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	apic_timer_hz = rate_hz(count, end - start);
	set_time_scale(&ns_to_apic_ticks, 1000000000, apic_timer_hz);
	printk("APIC: timer runs at %llu kHz\n",
	       (unsigned long long)div_u64(apic_timer_hz, 1000));
}

void apic_timer_oneshot(u64 ns)
{
	u64 ticks;

	if (!ns) {
		apic_write(APIC_TMICT, 0);
		return;
	}
	ticks = scale_delta(ns, &ns_to_apic_ticks);
	/* Too far: fire early; the timer code finds nothing due and re-arms. */
	if (ticks > 0xffffffff)
		ticks = 0xffffffff;
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, ticks ? ticks : 1);
}

void apic_send_ipi(unsigned int apic_id, unsigned int mode_vector)
{
	unsigned long flags;

	local_irq_save(flags);
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR2, apic_id << 24);
	apic_write(APIC_ICR, mode_vector | APIC_INT_ASSERT);
	local_irq_restore(flags);
}
