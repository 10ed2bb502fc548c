/*
 * Debug keys (<xen/keyhandler.h>).  This file owns 'h' (help), 't'
 * (time and timers) and 'R' (reboot); other parts register theirs ('q'
 * domains and vCPUs, 'r' run queues, 'm' memory, 'o' the memory audit).
 *
 * A deferred key's handler runs in KEYHANDLER_SOFTIRQ, on the CPU that
 * took the key, with interrupts on: the key only marks it pending.
 *
 * Locking: key_table is written at boot, or by register_keyhandler()
 * before the serial interrupt is on; handlers are called unlocked.
 * deferred_keys is set in the serial interrupt and taken atomically.
 */
#include <lib/div64.h>
#include <xen/atomic.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/mm.h>
#include <xen/timer.h>

static struct {
	keyhandler_fn_t fn;
	const char *desc;
	bool deferred;
} key_table[256];

/* Deferred keys pressed and not yet handled, one bit per key. */
static unsigned long deferred_keys[256 / BITS_PER_LONG];

void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc)
{
	key_table[key].fn = fn;
	key_table[key].desc = desc;
	key_table[key].deferred = false;
}

void register_keyhandler_deferred(unsigned char key, keyhandler_fn_t fn,
				  const char *desc)
{
	register_keyhandler(key, fn, desc);
	key_table[key].deferred = true;
}

static void run_deferred_keys(void)
{
	unsigned int i, b;
	unsigned long pending;

	for (i = 0; i < ARRAY_SIZE(deferred_keys); i++) {
		pending = __atomic_exchange_n(&deferred_keys[i], 0, __ATOMIC_ACQ_REL);
		for (b = 0; b < BITS_PER_LONG; b++)
			if (pending & (1UL << b))
				key_table[i * BITS_PER_LONG + b].fn(i * BITS_PER_LONG + b);
	}
}

void handle_keypress(unsigned char key)
{
	keyhandler_fn_t fn = READ_ONCE(key_table[key].fn);

	if (fn && key_table[key].deferred) {
		__atomic_fetch_or(&deferred_keys[key / BITS_PER_LONG],
				  1UL << (key % BITS_PER_LONG), __ATOMIC_ACQ_REL);
		raise_softirq(KEYHANDLER_SOFTIRQ);
	} else if (fn) {
		fn(key);
	} else if (key >= ' ' && key < 0x7f) {
		printk("'%c' pressed: no handler ('h' for help)\n", key);
	}
}

static void dump_heap_key(unsigned char key)
{
	dump_heap_info();
}

static void show_handlers(unsigned char key)
{
	unsigned int i;

	printk("'%c' pressed -> showing installed handlers\n", key);
	for (i = 0; i < ARRAY_SIZE(key_table); i++)
		if (key_table[i].fn)
			printk(" key '%c' (ascii '%02x') => %s\n",
			       i >= ' ' && i < 0x7f ? i : '?', i, key_table[i].desc);
}

static void dump_time(unsigned char key)
{
	u32 ns;
	u64 s = div_u64_rem(NOW(), 1000000000, &ns);

	printk("'%c' pressed -> dumping time and timers\n", key);
	printk("System time: %llu.%09u s since boot, on CPU %u\n",
	       (unsigned long long)s, ns, smp_processor_id());
	dump_timerq();
}

static void reboot_machine(unsigned char key)
{
	printk("'%c' pressed -> rebooting machine\n", key);
	machine_restart();
}

void initialize_keytable(void)
{
	register_keyhandler('h', show_handlers, "show this message");
	register_keyhandler('t', dump_time, "display system time and timers");
	register_keyhandler('R', reboot_machine, "reboot machine");
	register_keyhandler('m', dump_heap_key, "dump memory: heap pools and free blocks");
	open_softirq(KEYHANDLER_SOFTIRQ, run_deferred_keys);
	if (IS_ENABLED(CONFIG_PV_GUESTS)) {
		dump_domains_init();
		mm_audit_init();
	}
}
