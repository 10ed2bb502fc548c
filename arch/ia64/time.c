/*
 * IA64 hooks of the common time, timer and softirq code.  The port is
 * build-tested only and brings up the boot CPU alone: there is no time
 * source (ITC calibration) or timer interrupt yet, so time stands at 0
 * and timers are never armed.
 */
#include <xen/cpumask.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>

cpumask_t cpu_online_map = { { 1 } };

s_time_t get_s_time(void)
{
	return 0;
}

bool reprogram_timer(s_time_t timeout)
{
	return true;
}

void smp_send_event_check_cpu(unsigned int cpu)
{
}
