/*
 * Sizes and offsets of the guest ABI's layouts, compiled once against our
 * include/public/ and once against Xen's own public headers (Debian's
 * libxen-dev), for each port.  The numbers land in .data.probe; the test
 * compares the two.  Field names are the ABI's, so one source serves both.
 */
#ifdef XEN_REAL_HEADERS
#define PUB(h) <xen/h>
#else
#define PUB(h) <public/h>
#endif

#include <stdint.h>
#include PUB(xen.h)
#include PUB(event_channel.h)
#include PUB(grant_table.h)
#include PUB(memory.h)
#include PUB(sched.h)
#include PUB(vcpu.h)
#include PUB(callback.h)
#include PUB(physdev.h)
#include PUB(version.h)
#include PUB(io/console.h)

#define SIZE(s)		sizeof(struct s)
#define OFF(s, f)	__builtin_offsetof(struct s, f)

__attribute__((section(".data.probe"), used))
static const uint32_t probe[] = {
	SIZE(start_info), OFF(start_info, nr_pages), OFF(start_info, shared_info),
	OFF(start_info, flags), OFF(start_info, store_mfn), OFF(start_info, store_evtchn),
	OFF(start_info, console.domU.mfn), OFF(start_info, console.domU.evtchn),
	OFF(start_info, console.dom0.info_size), OFF(start_info, pt_base),
	OFF(start_info, mfn_list), OFF(start_info, mod_start), OFF(start_info, mod_len),
	OFF(start_info, cmd_line), OFF(start_info, first_p2m_pfn), OFF(start_info, nr_p2m_frames),
	SIZE(shared_info), OFF(shared_info, evtchn_pending), OFF(shared_info, evtchn_mask),
	OFF(shared_info, wc_version), OFF(shared_info, wc_sec), OFF(shared_info, wc_nsec),
	OFF(shared_info, arch), SIZE(arch_shared_info), OFF(arch_shared_info, p2m_generation),
	SIZE(vcpu_info), OFF(vcpu_info, evtchn_upcall_mask), OFF(vcpu_info, evtchn_pending_sel),
	OFF(vcpu_info, arch), OFF(vcpu_info, time), SIZE(arch_vcpu_info),
	SIZE(vcpu_time_info), OFF(vcpu_time_info, tsc_timestamp), OFF(vcpu_time_info, system_time),
	OFF(vcpu_time_info, tsc_to_system_mul), OFF(vcpu_time_info, tsc_shift),
	OFF(vcpu_time_info, flags),
	SIZE(trap_info), OFF(trap_info, flags), OFF(trap_info, cs), OFF(trap_info, address),
	SIZE(cpu_user_regs), OFF(cpu_user_regs, error_code), OFF(cpu_user_regs, entry_vector),
	OFF(cpu_user_regs, cs), OFF(cpu_user_regs, saved_upcall_mask), OFF(cpu_user_regs, ss),
	OFF(cpu_user_regs, es), OFF(cpu_user_regs, gs),
	SIZE(vcpu_guest_context), OFF(vcpu_guest_context, flags),
	OFF(vcpu_guest_context, user_regs), OFF(vcpu_guest_context, trap_ctxt),
	OFF(vcpu_guest_context, ldt_base), OFF(vcpu_guest_context, gdt_frames),
	OFF(vcpu_guest_context, gdt_ents), OFF(vcpu_guest_context, kernel_sp),
	OFF(vcpu_guest_context, ctrlreg), OFF(vcpu_guest_context, debugreg),
	OFF(vcpu_guest_context, event_callback_eip),
	OFF(vcpu_guest_context, failsafe_callback_eip), OFF(vcpu_guest_context, vm_assist),
	SIZE(mmu_update), SIZE(mmuext_op), OFF(mmuext_op, arg1), OFF(mmuext_op, arg2),
	SIZE(multicall_entry), OFF(multicall_entry, result), OFF(multicall_entry, args),
	SIZE(evtchn_alloc_unbound), OFF(evtchn_alloc_unbound, port),
	SIZE(evtchn_bind_interdomain), OFF(evtchn_bind_interdomain, local_port),
	SIZE(evtchn_bind_virq), SIZE(evtchn_bind_ipi), SIZE(evtchn_status),
	OFF(evtchn_status, status), OFF(evtchn_status, vcpu), OFF(evtchn_status, u),
	OFF(evtchn_status, u.interdomain.port), SIZE(evtchn_bind_vcpu),
	SIZE(evtchn_init_control), OFF(evtchn_init_control, link_bits),
	SIZE(grant_entry_v1), OFF(grant_entry_v1, frame),
	SIZE(gnttab_map_grant_ref), OFF(gnttab_map_grant_ref, ref),
	OFF(gnttab_map_grant_ref, dom), OFF(gnttab_map_grant_ref, status),
	OFF(gnttab_map_grant_ref, handle), OFF(gnttab_map_grant_ref, dev_bus_addr),
	SIZE(gnttab_unmap_grant_ref), OFF(gnttab_unmap_grant_ref, handle),
	OFF(gnttab_unmap_grant_ref, status), SIZE(gnttab_setup_table),
	OFF(gnttab_setup_table, frame_list), SIZE(gnttab_copy), OFF(gnttab_copy, dest),
	OFF(gnttab_copy, len), OFF(gnttab_copy, status), SIZE(gnttab_query_size),
	OFF(gnttab_query_size, status), SIZE(gnttab_transfer), SIZE(gnttab_get_version),
	SIZE(xen_memory_reservation), OFF(xen_memory_reservation, nr_extents),
	OFF(xen_memory_reservation, extent_order), OFF(xen_memory_reservation, domid),
	SIZE(xen_memory_exchange), OFF(xen_memory_exchange, nr_exchanged),
	SIZE(xen_machphys_mfn_list), OFF(xen_machphys_mfn_list, nr_extents),
	SIZE(xen_machphys_mapping), SIZE(xen_add_to_physmap), OFF(xen_add_to_physmap, idx),
	OFF(xen_add_to_physmap, gpfn), SIZE(xen_memory_map), OFF(xen_memory_map, buffer),
	SIZE(sched_shutdown), SIZE(sched_poll), OFF(sched_poll, nr_ports),
	OFF(sched_poll, timeout), SIZE(sched_remote_shutdown),
	SIZE(vcpu_runstate_info), OFF(vcpu_runstate_info, state_entry_time),
	OFF(vcpu_runstate_info, time), SIZE(vcpu_set_singleshot_timer),
	OFF(vcpu_set_singleshot_timer, flags), SIZE(vcpu_register_vcpu_info),
	OFF(vcpu_register_vcpu_info, offset), SIZE(vcpu_register_runstate_memory_area),
	SIZE(callback_register), OFF(callback_register, address),
	SIZE(physdev_set_iopl), SIZE(physdev_set_iobitmap), OFF(physdev_set_iobitmap, nr_ports),
	SIZE(xen_compile_info), SIZE(xen_feature_info),
	SIZE(xencons_interface), OFF(xencons_interface, out), OFF(xencons_interface, in_cons),
	OFF(xencons_interface, out_prod),
	SIZE(dom0_vga_console_info), OFF(dom0_vga_console_info, u.vesa_lfb.gbl_caps),
	/* Numbers, not layouts. */
	__HYPERVISOR_iret, __HYPERVISOR_sched_op, __HYPERVISOR_event_channel_op,
	__HYPERVISOR_domctl, EVTCHNOP_set_priority, GNTTABOP_cache_flush, XENMEM_maximum_gpfn,
	VCPUOP_register_vcpu_time_memory_area, CALLBACKTYPE_syscall32, VIRQ_XENPMU,
	MMUEXT_UNMARK_SUPER, DOMID_IDLE, SIF_MOD_START_PFN, GTF_sub_page,
	(uint32_t)GNTST_no_space, XENVER_build_id, PHYSDEVOP_pirq_eoi_gmfn_v2,
};
