/*
 * Debug keys (<xen/keyhandler.h>).  This file owns 'h' (help), 't'
 * (time and timers) and 'R' (reboot); other parts register theirs ('q'
 * domains and vCPUs, 'r' run queues, 'm' memory).
 *
 * Locking: key_table is written at boot, or by register_keyhandler()
 * before the serial interrupt is on; handlers are called unlocked.
 */
#include <lib/div64.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/mm.h>
#include <xen/timer.h>

static struct {
	keyhandler_fn_t fn;
	const char *desc;
} key_table[256];

void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc)
{
	key_table[key].fn = fn;
	key_table[key].desc = desc;
}

void handle_keypress(unsigned char key)
{
	keyhandler_fn_t fn = READ_ONCE(key_table[key].fn);

	if (fn)
		fn(key);
	else if (key >= ' ' && key < 0x7f)
		printk("'%c' pressed: no handler ('h' for help)\n", key);
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
	if (IS_ENABLED(CONFIG_PV_GUESTS))
		dump_domains_init();
}
