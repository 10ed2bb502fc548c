/*
 * Bringing up the other CPUs: every CPU the MADT or MP tables listed,
 * up to maxcpus= (nosmp: none), one at a time, by INIT-SIPI-SIPI into the
 * real-mode trampoline, which this file copies below 1 MiB.  Each CPU
 * then loads its descriptor tables and local APIC, marks itself online
 * and idles, running its softirqs, until the scheduler gives it work.
 *
 * Locking: the boot CPU starts one CPU at a time and waits for it, so the
 * ap_* hand-over variables have one writer and one reader at a time.
 */
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/mpspec.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <xen/boot.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>

cpumask_t cpu_online_map;

/* Read by the trampoline at their physical addresses. */
u32 ap_cr3, ap_cr4;
unsigned long ap_stack;

/*
 * A CPU turns paging on while running at the trampoline's physical
 * address, so it starts on the boot page tables, which map the low 4 GiB
 * one to one, and moves to the tables the boot CPU uses now (which need
 * not) once it runs at the hypervisor's own addresses.
 */
static u32 boot_pagetable_cr3;
static unsigned long ap_final_cr3;

void __init smp_prepare_boot_cpu(void)
{
	boot_pagetable_cr3 = read_cr3();
	cpumask_set_cpu(0, &cpu_online_map);
}

extern const char trampoline_start[], trampoline_end[];

static unsigned int max_cpus = NR_CPUS;
integer_param("maxcpus", max_cpus);
static bool opt_nosmp;
boolean_param("nosmp", opt_nosmp);

/*
 * The other CPUs' stack blocks.  One block more than needed, so that the
 * blocks can start STACK_SIZE-aligned without the section being aligned
 * that much (see xen.lds.S).  To come from the allocator later.
 */
static char ap_stacks[NR_CPUS * STACK_SIZE] __aligned(4096);

static unsigned long ap_stack_block(unsigned int cpu)
{
	unsigned long base = ROUNDUP((unsigned long)ap_stacks, STACK_SIZE);

	return base + (cpu - 1) * STACK_SIZE;
}

/* The highest free RAM page below the EBDA, for the real-mode trampoline. */
static u64 __init find_trampoline_page(void)
{
	unsigned int i;
	u64 best = 0;

	for (i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_range *r = &boot_info.memmap[i];
		u64 top = min(r->start + r->size, 0x9f000ULL) & ~0xfffULL;

		if (r->type != BOOT_MEM_RAM || top < r->start + 0x1000 || top < 0x2000)
			continue;
		if (top - 0x1000 > best)
			best = top - 0x1000;
	}
	return best;
}

static void cpu_idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	for (;;) {
		local_irq_disable();
		if (!softirq_pending(cpu))
			asm volatile("sti; hlt" ::: "memory");	/* atomically */
		else
			local_irq_enable();
		do_softirq();
	}
}

void start_secondary(void)
{
	unsigned int cpu = smp_processor_id();

	asm volatile("mov %0, %%cr3" :: "r"(ap_final_cr3) : "memory");
	percpu_traps_init(cpu);
	setup_local_APIC(false);
	smp_mb();
	cpumask_set_cpu(cpu, &cpu_online_map);
	local_irq_enable();
	cpu_idle_loop();
}

static int __init boot_one_cpu(unsigned int cpu, u64 trampoline)
{
	unsigned int apic_id = x86_cpu_to_apicid[cpu], i;
	unsigned long block = ap_stack_block(cpu);
	s_time_t deadline;

	cpu_info_of_stack(block)->processor_id = cpu;
	ap_stack = block + STACK_SIZE - CPU_INFO_SIZE;
	ap_cr3 = boot_pagetable_cr3;
	ap_final_cr3 = read_cr3();
	ap_cr4 = read_cr4();
	smp_mb();

	apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVELTRIG);
	ndelay_s_time(MILLISECS(10));
	for (i = 0; i < 2; i++) {
		apic_send_ipi(apic_id, APIC_DM_STARTUP | (trampoline >> 12));
		ndelay_s_time(MICROSECS(200));
	}
	/* Generous: under emulation, a CPU's thread may wait its turn. */
	deadline = NOW() + SECONDS(5);
	while (!cpumask_test_cpu(cpu, &cpu_online_map)) {
		if (NOW() > deadline) {
			printk(XENLOG_WARNING "SMP: CPU%u (APIC ID %u) did not start\n",
			       cpu, apic_id);
			return -1;
		}
		cpu_relax();
	}
	return 0;
}

void __init smp_boot_cpus(void)
{
	unsigned int cpu, present = cpumask_weight(&cpu_present_map);
	u64 trampoline;
	void *tramp_va;

	cpumask_set_cpu(0, &cpu_online_map);
	smp_intr_init();
	if (present <= 1)
		goto out;
	if (opt_nosmp || max_cpus <= 1) {
		printk("SMP: %s: not starting the other %u CPU(s)\n",
		       opt_nosmp ? "nosmp" : "maxcpus=1", present - 1);
		goto out;
	}
	if (!lapic_in_use) {
		printk("SMP: no local APIC: not starting the other %u CPU(s)\n", present - 1);
		goto out;
	}
	trampoline = find_trampoline_page();
	tramp_va = trampoline ? ioremap(trampoline, 4096) : NULL;
	if (!tramp_va) {
		printk(XENLOG_WARNING "SMP: no page below 1 MiB for the trampoline\n");
		goto out;
	}
	memcpy(tramp_va, trampoline_start, trampoline_end - trampoline_start);

	for (cpu = 1; cpu < NR_CPUS; cpu++) {
		if (!cpumask_test_cpu(cpu, &cpu_present_map))
			continue;
		if (num_online_cpus() >= max_cpus) {
			printk("SMP: maxcpus=%u: not starting the other CPUs\n", max_cpus);
			break;
		}
		boot_one_cpu(cpu, trampoline);
	}
out:
	printk("SMP: %u CPUs online\n", num_online_cpus());
}
