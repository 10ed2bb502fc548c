/*
 * Self test of the compat layer's pieces that work without a running
 * compat guest (selftest=compat_abi): a domain marked 32-bit, as the
 * builder makes one with pv=32, and a 64-bit one beside it.
 *
 * It proves: a compat vCPU gets its own L4 with the hypervisor's slots
 * and nothing else (a 64-bit vCPU none); start_info is narrowed field by
 * field into the 1112-byte x86_32 layout (a 64-bit domain's is copied);
 * the 2-level event bitmaps are at their x86_32 offsets with 1024 ports,
 * and a raised port sets the 32-bit selector bit without touching cr2
 * beside it; the descriptor rules are Xen's compat ones (DPL 0 raised
 * to 1, no 64-bit code, no system descriptor, limits left alone).  It
 * cannot tell what a CPU in compatibility mode makes of them: the
 * compat-guests check runs the guest for that.
 */
#include "../pv/public.h"
#include <asm/pv_paging.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <compat/xen.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"

#define TEST_DOMID		0x7003
#define TEST_DOMID_NATIVE	0x7004

static struct domain *compat_domain(domid_t id, bool is_32bit)
{
	struct domain *d;
	unsigned long mfn;

	if (!pv_selftest_domain(&d, id, is_32bit, 1, &mfn)) {
		if (d)
			domain_kill(d);
		return NULL;
	}
	return d;
}

static void test_compat_vcpu_l4(struct selftest *st)
{
	struct domain *d = compat_domain(TEST_DOMID, true);
	struct domain *n = compat_domain(TEST_DOMID_NATIVE, false);
	unsigned int i, other = 0;
	const u64 *l4;

	ST_ASSERT(st, d && n);
	l4 = d->vcpu[0]->arch->compat_l4;
	ST_EXPECT(st, l4 != NULL);
	ST_EXPECT(st, n->vcpu[0]->arch->compat_l4 == NULL);
	if (l4) {
		for (i = 0; i < 512; i++) {
			if (i >= PV_XEN_L4_FIRST && i < PV_XEN_L4_FIRST + PV_XEN_L4_COUNT)
				ST_EXPECT_EQ(st, l4[i], idle_pg_table[i]);
			else if (l4[i])
				other++;
		}
		/* Slot 0 is the guest's L3's once a table is loaded; none yet. */
		ST_EXPECT_EQ(st, other, 0);
	}
	domain_kill(d);
	domain_kill(n);
}

static void test_compat_start_info(struct selftest *st)
{
	struct domain *d = compat_domain(TEST_DOMID, true);
	struct domain *n = compat_domain(TEST_DOMID_NATIVE, false);
	static struct start_info si;
	static u8 buf[sizeof(si)];
	const struct compat_start_info *c = (const void *)buf;

	ST_ASSERT(st, d && n);
	memset(&si, 0, sizeof(si));
	strlcpy(si.magic, "xen-3.0-x86_32p", sizeof(si.magic));
	si.nr_pages = 0x12345;
	si.shared_info = 0x1f000;
	si.flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
	si.console.dom0.info_off = 0x480;
	si.console.dom0.info_size = 0x40;
	si.pt_base = 0xc0230000;
	si.nr_pt_frames = 5;
	si.mfn_list = 0xc01b8000;
	si.mod_start = 0xc0300000;
	si.mod_len = 0x1000;
	strlcpy((char *)si.cmd_line, "console=hvc0", sizeof(si.cmd_line));
	memset(buf, 0xa5, sizeof(buf));
	ST_EXPECT_EQ(st, pv_xlat_start_info(d, &si, buf), 1112);
	ST_EXPECT(st, !strcmp(c->magic, "xen-3.0-x86_32p"));
	ST_EXPECT_EQ(st, c->nr_pages, 0x12345);
	ST_EXPECT_EQ(st, c->shared_info, 0x1f000);
	ST_EXPECT_EQ(st, c->flags, SIF_PRIVILEGED | SIF_INITDOMAIN);
	ST_EXPECT_EQ(st, c->console.dom0.info_off, 0x480);
	ST_EXPECT_EQ(st, c->console.dom0.info_size, 0x40);
	ST_EXPECT_EQ(st, c->pt_base, 0xc0230000);
	ST_EXPECT_EQ(st, c->nr_pt_frames, 5);
	ST_EXPECT_EQ(st, c->mfn_list, 0xc01b8000);
	ST_EXPECT_EQ(st, c->mod_start, 0xc0300000);
	ST_EXPECT_EQ(st, c->mod_len, 0x1000);
	ST_EXPECT(st, !strcmp((const char *)c->cmd_line, "console=hvc0"));
	ST_EXPECT_EQ(st, c->first_p2m_pfn, 0);
	/* A 64-bit domain's is its own layout, as it was. */
	ST_EXPECT_EQ(st, pv_xlat_start_info(n, &si, buf), sizeof(si));
	ST_EXPECT(st, !memcmp(buf, &si, sizeof(si)));
	domain_kill(d);
	domain_kill(n);
}

static void test_compat_event_layout(struct selftest *st)
{
	struct domain *d = compat_domain(TEST_DOMID, true);
	struct compat_vcpu_info *vi;
	u8 *sh;

	ST_ASSERT(st, d);
	sh = (u8 *)d->arch->shared_info;
	ST_EXPECT(st, (u8 *)arch_evtchn_pending(d) ==
		  sh + offsetof(struct compat_shared_info, evtchn_pending));
	ST_EXPECT(st, (u8 *)arch_evtchn_mask(d) ==
		  sh + offsetof(struct compat_shared_info, evtchn_mask));
	ST_EXPECT_EQ(st, arch_evtchn_2l_ports(d), 1024);
	vi = (struct compat_vcpu_info *)pv_vcpu_info(d->vcpu[0]);
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	vi->arch.cr2 = 0x12345678;
	/* Port 40: word 1 of the 32-bit bitmap. */
	arch_evtchn_mark_pending(d->vcpu[0], 40);
	ST_EXPECT_EQ(st, vi->evtchn_pending_sel, 1u << 1);
	ST_EXPECT_EQ(st, vi->evtchn_upcall_pending, 1);
	ST_EXPECT_EQ(st, vi->arch.cr2, 0x12345678);
	pv_set_guest_cr2(d->vcpu[0], 0xc0001000);
	ST_EXPECT_EQ(st, vi->arch.cr2, 0xc0001000);
	ST_EXPECT_EQ(st, vi->evtchn_pending_sel, 1u << 1);
	domain_kill(d);
}

static void test_compat_descriptors(struct selftest *st)
{
	struct domain *d = compat_domain(TEST_DOMID, true);
	u64 code_dpl0 = 0x00cf9b000000ffffULL, data_dpl1 = 0x00cfb3000000ffffULL;
	u64 code64 = 0x00affb000000ffffULL, tss = 0x0000890000000067ULL;
	u64 gate = 0x0000ec000000e019ULL | (0x1000ULL << 0), absent = 0x00cf1b000000ffffULL;
	u64 desc;

	ST_ASSERT(st, d);
	desc = code_dpl0;
	ST_EXPECT(st, pv_check_descriptor(d, &desc));
	ST_EXPECT_EQ(st, (desc >> 45) & 3, 1);
	desc = data_dpl1;
	ST_EXPECT(st, pv_check_descriptor(d, &desc));
	ST_EXPECT_EQ(st, desc, data_dpl1);	/* flat 4 GiB: the limit stays */
	desc = code64;
	ST_EXPECT(st, !pv_check_descriptor(d, &desc));
	desc = tss;
	ST_EXPECT(st, !pv_check_descriptor(d, &desc));
	desc = gate;
	ST_EXPECT(st, !pv_check_descriptor(d, &desc));
	desc = absent;
	ST_EXPECT(st, pv_check_descriptor(d, &desc));
	domain_kill(d);
}

static const struct selftest_case compat_abi_cases[] = {
	SELFTEST_CASE(test_compat_vcpu_l4),
	SELFTEST_CASE(test_compat_start_info),
	SELFTEST_CASE(test_compat_event_layout),
	SELFTEST_CASE(test_compat_descriptors),
};
SELFTEST_SUITE(compat_abi, compat_abi_cases);
