/* x86 time sources (arch/x86/time.c, hpet.c, i8254 in time.c). */
#ifndef ASM_X86_TIME_H
#define ASM_X86_TIME_H

#include <lib/div64.h>
#include <lib/types.h>

/* A 32.32 fixed-point scale from one clock's ticks to another's. */
struct time_scale {
	int shift;
	u32 mul_frac;
};

/* The scale that turns ticks of a from_hz clock into to_hz ticks. */
void set_time_scale(struct time_scale *ts, u64 from_hz, u64 to_hz);

static inline u64 scale_delta(u64 delta, const struct time_scale *s)
{
	u32 lo, hi;

	if (s->shift < 0)
		delta >>= -s->shift;
	else
		delta <<= s->shift;
	lo = (u32)delta;
	hi = delta >> 32;
	return (((u64)lo * s->mul_frac) >> 32) + (u64)hi * s->mul_frac;
}

/*
 * System time and the TSC it was read from, and the scale from TSC
 * ticks to ns (a PV guest's clock: vcpu_time_info).
 */
s64 get_s_time_tsc(u64 *tsc, struct time_scale *scale);

/* The CMOS RTC's time of day, in seconds since 1970 (UTC). */
u64 cmos_wallclock(void);
/*
 * The wall clock at system time 0 (ns since the epoch): the CMOS clock
 * at first, then as domain 0 sets it: secs.nsecs at system_time.
 */
s64 wallclock_at_zero(void);
void wallclock_set(u64 secs, u32 nsecs, u64 system_time);

/* The rate of a clock that counted ticks in ns nanoseconds (ns < 4 s). */
static inline u64 rate_hz(u64 ticks, u64 ns)
{
	return div_u64(ticks * 1000000000ULL, (u32)ns);
}

/* Calibrate the TSC and start system time (boot CPU, interrupts off). */
void early_time_init(void);

/* Start the timer interrupt on this CPU (after interrupts are set up). */
void time_init_cpu(void);

extern u64 tsc_hz;

/* The HPET (hpet.c): true if one is mapped and counting. */
bool hpet_init(void);
u64 hpet_read_counter(void);
extern u64 hpet_hz;
/* Where the HPET in use is (iomem.c maps it read-only for domain 0), or 0. */
extern u64 hpet_address;

/* The 8254 PIT (time.c): one-shot on IRQ 0 when there is no local APIC. */
#define PIT_HZ			1193182

#endif /* ASM_X86_TIME_H */
