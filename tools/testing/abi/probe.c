/*
 * Sizes and offsets of the guest ABI's layouts, compiled once against our
 * include/public/ and once against Xen's own public headers (Debian's
 * libxen-dev), for each port.  The numbers land in .data.probe; the test
 * compares the two.  Field names are the ABI's, so one source serves both.
 *
 * With GUEST_ABI_ONLY, only the layouts of the guest's hypercalls (not
 * the toolstack's domctl and sysctl, nor the rings).  With COMPAT_PROBE
 * (which implies it), the layouts are those of the compat twins that
 * scripts/compat-headers.py makes for a 64-bit hypervisor (struct
 * compat_X for struct X, in the header -include'd), compiled with -m64,
 * for comparison with Xen's headers compiled with -m32.
 */
#ifdef COMPAT_PROBE
#define GUEST_ABI_ONLY
#endif
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
#include PUB(io/xs_wire.h)
#include PUB(domctl.h)
#include PUB(sysctl.h)

#ifdef COMPAT_PROBE
#define SIZE(s)		sizeof(struct compat_##s)
#define OFF(s, f)	__builtin_offsetof(struct compat_##s, f)
#define USIZE(u)	sizeof(union compat_##u)
#define UOFF(u, f)	__builtin_offsetof(union compat_##u, f)
#define TSIZE(t)	sizeof(compat_##t)
#else
#define SIZE(s)		sizeof(struct s)
#define OFF(s, f)	__builtin_offsetof(struct s, f)
#define USIZE(u)	sizeof(union u)
#define UOFF(u, f)	__builtin_offsetof(union u, f)
#define TSIZE(t)	sizeof(t)
#endif

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
	SIZE(evtchn_expand_array), SIZE(evtchn_set_priority),
	OFF(evtchn_set_priority, priority), SIZE(evtchn_fifo_control_block),
	OFF(evtchn_fifo_control_block, head), EVTCHN_FIFO_PRIORITY_DEFAULT,
	EVTCHN_FIFO_PRIORITY_MIN, EVTCHN_FIFO_PENDING, EVTCHN_FIFO_MASKED, EVTCHN_FIFO_LINKED,
	EVTCHN_FIFO_BUSY, EVTCHN_FIFO_LINK_BITS, EVTCHN_FIFO_NR_CHANNELS,
	SIZE(grant_entry_v1), OFF(grant_entry_v1, frame),
	SIZE(gnttab_map_grant_ref), OFF(gnttab_map_grant_ref, ref),
	OFF(gnttab_map_grant_ref, dom), OFF(gnttab_map_grant_ref, status),
	OFF(gnttab_map_grant_ref, handle), OFF(gnttab_map_grant_ref, dev_bus_addr),
	SIZE(gnttab_unmap_grant_ref), OFF(gnttab_unmap_grant_ref, handle),
	OFF(gnttab_unmap_grant_ref, status), SIZE(gnttab_setup_table),
	OFF(gnttab_setup_table, frame_list), SIZE(gnttab_copy), OFF(gnttab_copy, dest),
	OFF(gnttab_copy, len), OFF(gnttab_copy, status), SIZE(gnttab_query_size),
	OFF(gnttab_query_size, status), SIZE(gnttab_transfer), SIZE(gnttab_get_version),
	USIZE(grant_entry_v2), UOFF(grant_entry_v2, full_page.frame),
	UOFF(grant_entry_v2, sub_page.page_off), UOFF(grant_entry_v2, sub_page.length),
	UOFF(grant_entry_v2, sub_page.frame), UOFF(grant_entry_v2, transitive.trans_domid),
	UOFF(grant_entry_v2, transitive.gref), TSIZE(grant_status_t),
	SIZE(grant_entry_header), OFF(grant_entry_header, domid),
	SIZE(gnttab_get_status_frames), OFF(gnttab_get_status_frames, dom),
	OFF(gnttab_get_status_frames, status), OFF(gnttab_get_status_frames, frame_list),
	SIZE(gnttab_set_version), GNTTABOP_get_status_frames, XENMAPIDX_grant_table_status,
	GNTTAB_NR_RESERVED_ENTRIES, GTF_transitive,
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
	SIZE(dom0_vga_console_info), OFF(dom0_vga_console_info, u.vesa_lfb.gbl_caps),
#ifndef GUEST_ABI_ONLY
	SIZE(xencons_interface), OFF(xencons_interface, out), OFF(xencons_interface, in_cons),
	OFF(xencons_interface, out_prod),
	SIZE(xsd_sockmsg), OFF(xsd_sockmsg, tx_id), OFF(xsd_sockmsg, len),
	SIZE(xenstore_domain_interface), OFF(xenstore_domain_interface, rsp),
	OFF(xenstore_domain_interface, req_prod), OFF(xenstore_domain_interface, rsp_prod),
	OFF(xenstore_domain_interface, server_features), OFF(xenstore_domain_interface, error),
	/* domctl and sysctl (the toolstack's; the same for -m32 and -m64). */
	SIZE(xen_domctl), OFF(xen_domctl, interface_version), OFF(xen_domctl, domain),
	OFF(xen_domctl, u), SIZE(xenctl_bitmap), OFF(xenctl_bitmap, nr_bits),
	SIZE(xen_arch_domainconfig), SIZE(xen_domctl_createdomain),
	OFF(xen_domctl_createdomain, handle), OFF(xen_domctl_createdomain, flags),
	OFF(xen_domctl_createdomain, max_vcpus), OFF(xen_domctl_createdomain, max_grant_frames),
	OFF(xen_domctl_createdomain, grant_opts), OFF(xen_domctl_createdomain, cpupool_id),
	OFF(xen_domctl_createdomain, arch), SIZE(xen_domctl_getdomaininfo),
	OFF(xen_domctl_getdomaininfo, flags), OFF(xen_domctl_getdomaininfo, tot_pages),
	OFF(xen_domctl_getdomaininfo, max_pages), OFF(xen_domctl_getdomaininfo, shared_info_frame),
	OFF(xen_domctl_getdomaininfo, cpu_time), OFF(xen_domctl_getdomaininfo, nr_online_vcpus),
	OFF(xen_domctl_getdomaininfo, max_vcpu_id), OFF(xen_domctl_getdomaininfo, handle),
	OFF(xen_domctl_getdomaininfo, cpupool), OFF(xen_domctl_getdomaininfo, gpaddr_bits),
	OFF(xen_domctl_getdomaininfo, arch_config),
	SIZE(xen_domctl_getpageframeinfo3), OFF(xen_domctl_getpageframeinfo3, array),
	SIZE(xen_domctl_shadow_op), OFF(xen_domctl_shadow_op, dirty_bitmap),
	OFF(xen_domctl_shadow_op, pages), OFF(xen_domctl_shadow_op, stats),
	SIZE(xen_domctl_max_mem), SIZE(xen_domctl_vcpucontext), OFF(xen_domctl_vcpucontext, ctxt),
	SIZE(xen_domctl_getvcpuinfo), OFF(xen_domctl_getvcpuinfo, online),
	OFF(xen_domctl_getvcpuinfo, running), OFF(xen_domctl_getvcpuinfo, cpu_time),
	OFF(xen_domctl_getvcpuinfo, cpu), SIZE(xen_domctl_vcpuaffinity),
	OFF(xen_domctl_vcpuaffinity, flags), OFF(xen_domctl_vcpuaffinity, cpumap_hard),
	OFF(xen_domctl_vcpuaffinity, cpumap_soft), SIZE(xen_domctl_max_vcpus),
	/* Not the size of scheduler_op: ours has Xen 4.1's SEDF in its union. */
	OFF(xen_domctl_scheduler_op, cmd), OFF(xen_domctl_scheduler_op, u),
	OFF(xen_domctl_scheduler_op, u.credit.cap), SIZE(xen_domctl_sched_credit),
	SIZE(xen_domctl_sched_rtds), SIZE(xen_domctl_schedparam_vcpu),
	OFF(xen_domctl_scheduler_op, u.v.nr_vcpus),
	SIZE(xen_domctl_setdomainhandle), SIZE(xen_domctl_irq_permission),
	OFF(xen_domctl_irq_permission, allow_access), SIZE(xen_domctl_iomem_permission),
	OFF(xen_domctl_iomem_permission, nr_mfns), OFF(xen_domctl_iomem_permission, allow_access),
	SIZE(xen_domctl_ioport_permission), OFF(xen_domctl_ioport_permission, nr_ports),
	OFF(xen_domctl_ioport_permission, allow_access), SIZE(xen_domctl_settimeoffset),
	SIZE(xen_sysctl), OFF(xen_sysctl, u), SIZE(xen_sysctl_readconsole),
	OFF(xen_sysctl_readconsole, incremental), OFF(xen_sysctl_readconsole, index),
	OFF(xen_sysctl_readconsole, buffer), OFF(xen_sysctl_readconsole, count),
	SIZE(xen_sysctl_physinfo), OFF(xen_sysctl_physinfo, nr_cpus),
	OFF(xen_sysctl_physinfo, cpu_khz), OFF(xen_sysctl_physinfo, capabilities),
	OFF(xen_sysctl_physinfo, total_pages), OFF(xen_sysctl_physinfo, free_pages),
	OFF(xen_sysctl_physinfo, max_mfn), OFF(xen_sysctl_physinfo, hw_cap),
	SIZE(xen_sysctl_sched_id), SIZE(xen_sysctl_getdomaininfolist),
	OFF(xen_sysctl_getdomaininfolist, max_domains), OFF(xen_sysctl_getdomaininfolist, buffer),
	OFF(xen_sysctl_getdomaininfolist, num_domains), SIZE(xen_sysctl_cpuinfo),
	SIZE(xen_sysctl_getcpuinfo), OFF(xen_sysctl_getcpuinfo, info),
	OFF(xen_sysctl_getcpuinfo, nr_cpus), SIZE(xen_sysctl_cputopo),
	OFF(xen_sysctl_cputopo, node), SIZE(xen_sysctl_cputopoinfo),
	OFF(xen_sysctl_cputopoinfo, cputopo),
	/* What a save reads beside the vCPU context. */
	SIZE(xen_domctl_ext_vcpucontext), OFF(xen_domctl_ext_vcpucontext, size),
	OFF(xen_domctl_ext_vcpucontext, sysenter_callback_eip),
	OFF(xen_domctl_ext_vcpucontext, syscall32_callback_cs),
	OFF(xen_domctl_ext_vcpucontext, sysenter_disables_events),
	OFF(xen_domctl_ext_vcpucontext, vmce.mcg_ext_ctl), SIZE(xen_domctl_tsc_info),
	OFF(xen_domctl_tsc_info, incarnation), OFF(xen_domctl_tsc_info, elapsed_nsec),
	SIZE(xen_domctl_vcpuextstate), OFF(xen_domctl_vcpuextstate, xfeature_mask),
	OFF(xen_domctl_vcpuextstate, size), OFF(xen_domctl_vcpuextstate, buffer),
	SIZE(xen_domctl_vcpu_msr), OFF(xen_domctl_vcpu_msr, value),
	SIZE(xen_domctl_vcpu_msrs), OFF(xen_domctl_vcpu_msrs, msrs),
	XEN_DOMCTL_set_ext_vcpucontext, XEN_DOMCTL_get_ext_vcpucontext, XEN_DOMCTL_gettscinfo,
	XEN_DOMCTL_settscinfo, XEN_DOMCTL_setvcpuextstate, XEN_DOMCTL_getvcpuextstate,
	XEN_DOMCTL_get_vcpu_msrs, XEN_DOMCTL_set_vcpu_msrs,
	/* Numbers, not layouts. */
	__HYPERVISOR_iret, __HYPERVISOR_sched_op, __HYPERVISOR_event_channel_op,
	__HYPERVISOR_domctl, EVTCHNOP_set_priority, GNTTABOP_cache_flush, XENMEM_maximum_gpfn,
	VCPUOP_register_vcpu_time_memory_area, CALLBACKTYPE_syscall32, VIRQ_XENPMU,
	MMUEXT_UNMARK_SUPER, DOMID_IDLE, SIF_MOD_START_PFN, GTF_sub_page,
	(uint32_t)GNTST_no_space, XENVER_build_id, PHYSDEVOP_pirq_eoi_gmfn_v2,
	__HYPERVISOR_sysctl, XEN_DOMCTL_INTERFACE_VERSION, XEN_SYSCTL_INTERFACE_VERSION,
	XEN_DOMCTL_createdomain, XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_setvcpuaffinity,
	XEN_DOMCTL_shadow_op, XEN_DOMCTL_max_vcpus, XEN_DOMCTL_scheduler_op,
	XEN_DOMCTL_setdomainhandle, XEN_DOMCTL_irq_permission, XEN_DOMCTL_iomem_permission,
	XEN_DOMCTL_ioport_permission, XEN_DOMCTL_settimeoffset, XEN_DOMCTL_getvcpuaffinity,
	XEN_DOMCTL_getpageframeinfo3, XEN_DOMCTL_SHADOW_OP_ENABLE, XEN_DOMCTL_SHADOW_OP_CLEAN,
	XEN_DOMCTL_CDF_MAX, XEN_DOMINF_running, XEN_DOMINF_shutdownshift,
	XEN_DOMCTL_PFINFO_L4TAB, XEN_DOMCTL_PFINFO_XTAB, XEN_DOMCTL_PFINFO_LPINTAB,
	XEN_VCPUAFFINITY_SOFT, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo,
	XEN_SYSCTL_readconsole, XEN_SYSCTL_physinfo, XEN_SYSCTL_sched_id,
	XEN_SYSCTL_getdomaininfolist, XEN_SYSCTL_getcpuinfo, XEN_SYSCTL_cputopoinfo,
	XEN_SYSCTL_PHYSCAP_pv, XEN_SYSCTL_PHYSCAP_MAX, XEN_INVALID_CORE_ID,
	XS_SET_TARGET, XS_RESET_WATCHES, XS_DIRECTORY_PART, XS_TYPE_COUNT, XS_INVALID,
	XENSTORE_PAYLOAD_MAX, XENSTORE_ABS_PATH_MAX, XENSTORE_REL_PATH_MAX, XENSTORE_RING_SIZE,
	XENSTORE_SERVER_FEATURE_ERROR, XENSTORE_RECONNECT, XENSTORE_ERROR_PROTO,
#endif
};
