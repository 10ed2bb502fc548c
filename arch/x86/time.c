/*
 * System time from the TSC: calibrated at boot against the HPET when ACPI
 * lists one, else against the PIT, then NOW() = TSC ticks since boot
 * scaled to nanoseconds.  The TSCs of all CPUs are taken to run in step
 * (constant, synchronised TSCs, as on current machines and in QEMU).
 *
 * The one-shot timer interrupt that common/timer.c needs is the local
 * APIC timer, or, with no local APIC, the PIT's channel 0 on IRQ 0.
 *
 * Locking: the calibration is written once by the boot CPU, before any
 * other CPU reads it.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <lib/div64.h>
#include <xen/acpi.h>
#include <xen/init.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>

u64 tsc_hz;
static struct time_scale tsc_to_ns;
static u64 boot_tsc;
static bool time_up;

#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_GATE	0x61	/* bit 0 gates channel 2, bit 5 is its output */
#define CALIBRATE_MS	50

void set_time_scale(struct time_scale *ts, u64 from_hz, u64 to_hz)
{
	u64 from = from_hz;
	int shift = 0;

	/* Bring from into (to_hz, 2 * to_hz], so that the fraction is < 1. */
	while (from > 2 * to_hz) {
		from >>= 1;
		shift--;
	}
	while (from <= to_hz) {
		from <<= 1;
		shift++;
	}
	ts->shift = shift;
	ts->mul_frac = div_u64(to_hz << 32, (u32)from);
}

s_time_t get_s_time(void)
{
	if (!time_up)
		return 0;
	return scale_delta(rdtsc() - boot_tsc, &tsc_to_ns);
}

s64 get_s_time_tsc(u64 *tsc, struct time_scale *scale)
{
	*tsc = rdtsc();
	*scale = tsc_to_ns;
	return time_up ? scale_delta(*tsc - boot_tsc, &tsc_to_ns) : 0;
}

/* ---- The CMOS real-time clock: the wall clock at boot --------------- */

#define RTC_INDEX	0x70
#define RTC_DATA	0x71

static unsigned int cmos_read(unsigned int reg, bool bcd)
{
	unsigned int v;

	outb(reg, RTC_INDEX);
	v = inb(RTC_DATA);
	return bcd ? (v & 0xf) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static u64 days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365ULL * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d -
	       719469;
}

/*
 * The wall clock at system time 0, in ns since the epoch: the CMOS clock
 * when first asked, then what domain 0 sets (XENPF_settime).
 */
static s64 wallclock_base;
static bool wallclock_known;

s64 wallclock_at_zero(void)
{
	if (!READ_ONCE(wallclock_known)) {
		wallclock_base = (s64)cmos_wallclock() * 1000000000LL - NOW();
		WRITE_ONCE(wallclock_known, true);
	}
	return READ_ONCE(wallclock_base);
}

void wallclock_set(u64 secs, u32 nsecs, u64 system_time)
{
	WRITE_ONCE(wallclock_base, (s64)(secs * 1000000000ULL + nsecs - system_time));
	WRITE_ONCE(wallclock_known, true);
}

u64 cmos_wallclock(void)
{
	unsigned int sec, min, hour, day, mon, year, tries = 1000000;
	bool bcd;

	/* Wait for the end of an update cycle (UIP, bit 7 of register A). */
	while ((cmos_read(0x0a, false) & 0x80) && --tries)
		cpu_relax();
	bcd = !(cmos_read(0x0b, false) & 0x04);
	sec = cmos_read(0x00, bcd);
	min = cmos_read(0x02, bcd);
	hour = cmos_read(0x04, bcd);
	day = cmos_read(0x07, bcd);
	mon = cmos_read(0x08, bcd);
	year = cmos_read(0x09, bcd);
	year += year < 70 ? 2000 : 1900;
	return days_since_epoch(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

void ndelay_s_time(s_time_t ns)
{
	s_time_t end = NOW() + ns;

	while (NOW() < end)
		cpu_relax();
}

/* TSC ticks per second, measured over CALIBRATE_MS of the HPET's counter. */
static u64 __init calibrate_tsc_hpet(void)
{
	u64 ticks = div_u64(hpet_hz * CALIBRATE_MS, 1000);
	u64 h0 = hpet_read_counter(), t0 = rdtsc_ordered(), h1, t1;

	while ((h1 = hpet_read_counter()) - h0 < ticks)
		cpu_relax();
	t1 = rdtsc_ordered();
	return div_u64((t1 - t0) * hpet_hz, (u32)(h1 - h0));
}

/* The same against the PIT's channel 2, counted down once in mode 0. */
static u64 __init calibrate_tsc_pit(void)
{
	u32 latch = PIT_HZ * CALIBRATE_MS / 1000;
	u64 t0, t1;

	outb((inb(PIT_GATE) & ~0x02) | 0x01, PIT_GATE);
	outb(0xb0, PIT_MODE);		/* channel 2, lo/hi byte, mode 0 */
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);
	t0 = rdtsc_ordered();
	while (!(inb(PIT_GATE) & 0x20))
		cpu_relax();
	t1 = rdtsc_ordered();
	return div_u64((t1 - t0) * PIT_HZ, latch);
}

void __init early_time_init(void)
{
	bool hpet = IS_ENABLED(CONFIG_HPET) && acpi_enabled && hpet_init();

	tsc_hz = hpet ? calibrate_tsc_hpet() : calibrate_tsc_pit();
	set_time_scale(&tsc_to_ns, tsc_hz, 1000000000);
	boot_tsc = rdtsc();
	time_up = true;
	printk("Time: TSC at %llu kHz, calibrated against the %s\n",
	       (unsigned long long)div_u64(tsc_hz, 1000), hpet ? "HPET" : "PIT");
}

static void pit_oneshot(s_time_t ns)
{
	u64 ticks = div_u64((u64)ns * PIT_HZ, 1000000000);

	/* Longer than the PIT counts: fire early, the timer code re-arms. */
	if (ticks > 0xffff)
		ticks = 0xffff;
	outb(0x30, PIT_MODE);		/* channel 0, lo/hi byte, mode 0 */
	outb(ticks ? ticks & 0xff : 1, PIT_CH0);
	outb(ticks >> 8, PIT_CH0);
}

static void pit_interrupt(unsigned int irq, void *data)
{
	raise_softirq(TIMER_SOFTIRQ);
}

bool reprogram_timer(s_time_t timeout)
{
	s_time_t now;

	if (!timeout) {
		if (lapic_in_use)
			apic_timer_oneshot(0);
		return true;
	}
	now = NOW();
	if (timeout <= now)
		return false;
	if (lapic_in_use)
		apic_timer_oneshot(timeout - now);
	else
		pit_oneshot(timeout - now);
	return true;
}

void time_init_cpu(void)
{
	if (smp_processor_id() != 0)
		return;
	if (lapic_in_use) {
		calibrate_APIC_clock();
	} else if (request_irq(isa_irq_to_gsi(0), pit_interrupt, "timer", NULL)) {
		panic("Time: no local APIC and the PIT's IRQ 0 is not available");
	}
}
