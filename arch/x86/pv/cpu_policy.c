/*
 * CPU policies: what CPUID tells a PV guest, and how the toolstack reads
 * and narrows it (sysctl get_cpu_featureset and get_cpu_policy, domctl
 * get_cpu_policy and set_cpu_policy, as Xen 4.17's libxenguest calls them
 * when it creates a domain).
 *
 * One function, policy_leaf(), is the truth for a leaf: the real CPU's
 * answer, the maximum leaves clamped to what Xen 4.17's policy holds,
 * the features a PV guest may not use hidden, and for a domain the
 * features and maximum leaves its toolstack took away.  The forced-
 * emulation cpuid answers from it (pv_cpuid()), and the policies the
 * toolstack reads are it, walked leaf by leaf in Xen's serialised order.
 *
 * What differs from Xen (Documentation/x86-pv.rst): a policy set by the
 * toolstack narrows the feature words (leaves 1, 7.0, 0x80000001) and the
 * maximum leaves; its other leaves (cache, topology, xstate sizes) stay
 * the machine's, which is what Xen's PV guests see too on a CPU without
 * CPUID faulting.  No HVM policies (-EOPNOTSUPP, as Xen without HVM).
 *
 * Locking: the domain's hidden bits change only before it first runs
 * (set_cpu_policy under the domctl lock on a paused domain).
 */
#include "public.h"
#include <asm/processor.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "pv.h"

struct leaf_regs {
	u32 a, b, c, d;
};

/* How many (sub)leaves Xen 4.17's policy holds of each kind. */
#define NR_BASIC	(0xdu + 1)
#define NR_CACHE	6u		/* leaf 4 */
#define NR_FEAT		2u		/* leaf 7 */
#define NR_TOPO		2u		/* leaf 0xb */
#define NR_XSTATE	63u		/* leaf 0xd */
#define EXTD_LAST	0x8000001cu
/* The most a policy serialises to; what a null handle is answered. */
#define MAX_LEAVES	(NR_BASIC + NR_FEAT - 1 + NR_CACHE - 1 + NR_TOPO - 1 + \
			 NR_XSTATE - 1 + (EXTD_LAST - 0x80000000u + 1) + 2)
/* The most set_cpu_policy takes: every (sub)leaf its check accepts. */
#define MAX_SET_LEAVES	128u
/* The MSRs of a policy: Xen 4.17 serialises these two. */
#define MSR_INTEL_PLATFORM_INFO	0xceu
#define MSR_ARCH_CAPABILITIES	0x10au
#define NR_MSRS		2u

/*
 * What a PV guest may not use of the real CPU, as Xen 4.17's PV policy:
 * not what the hypervisor keeps (VMX, SMX, MONITOR, x2APIC, machine
 * checks, MTRRs, thermal and debug stores), and no large or global pages:
 * a PV guest's page tables have none (PSE, PSE36, PGE, 1 GiB pages), so
 * Linux must not plan its direct map with them.
 */
#define PV_CPUID1_ECX_HIDDEN	((1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | \
				 (1u << 6) | (1u << 7) | (1u << 8) | (1u << 15) | \
				 (1u << 21) | (1u << 24))
#define PV_CPUID1_EDX_HIDDEN	((1u << 1) | (1u << 3) | (1u << 7) | (1u << 12) | \
				 (1u << 13) | (1u << 14) | (1u << 17) | (1u << 21) | \
				 (1u << 22) | (1u << 29) | (1u << 31))
#define PV_CPUIDX1_EDX_HIDDEN	((1u << 26) | (1u << 27))	/* 1 GiB pages, rdtscp */
#define PV_CPUIDX1_ECX_HIDDEN	(1u << 2)			/* SVM */

enum policy_kind {
	POLICY_HOST,		/* the machine's (Xen's raw and host) */
	POLICY_PV,		/* a PV guest's (Xen's pv_max and pv_default) */
};

static void raw_cpuid(u32 leaf, u32 sub, struct leaf_regs *r)
{
	asm volatile("cpuid" : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
		     : "a"(leaf), "c"(sub));
}

/* The maximum basic leaf (0x0) or extended leaf (0x80000000) of a policy. */
static u32 policy_max(const struct domain *d, u32 base)
{
	const struct pv_cpuid_narrow *n = d ? &d->arch->cpuid : NULL;
	struct leaf_regs r;
	u32 max;

	raw_cpuid(base, 0, &r);
	if (base == 0) {
		max = min(r.a, NR_BASIC - 1);
		if (n && n->basic_max_set)
			max = min(max, n->basic_max);
	} else {
		/* A CPU without extended leaves answers something else. */
		max = (r.a & 0xffff0000u) == 0x80000000u ? min(r.a, EXTD_LAST) : 0x80000000u;
		if (n && n->extd_max_set)
			max = min(max, n->extd_max);
	}
	return max;
}

static void pv_hide(u32 leaf, u32 sub, struct leaf_regs *r)
{
	if (leaf == 1) {
		r->c &= ~PV_CPUID1_ECX_HIDDEN;
		r->c |= 1u << 31;		/* running on a hypervisor */
		r->d &= ~PV_CPUID1_EDX_HIDDEN;
	} else if (leaf == 0x80000001) {
		r->c &= ~PV_CPUIDX1_ECX_HIDDEN;
		r->d &= ~PV_CPUIDX1_EDX_HIDDEN;
	}
}

static void domain_hide(const struct pv_cpuid_narrow *n, u32 leaf, u32 sub,
			struct leaf_regs *r)
{
	if (leaf == 1) {
		r->c &= ~n->l1c;
		r->d &= ~n->l1d;
	} else if (leaf == 7 && sub == 0) {
		r->b &= ~n->l7b0;
		r->c &= ~n->l7c0;
		r->d &= ~n->l7d0;
	} else if (leaf == 0x80000001) {
		r->c &= ~n->e1c;
		r->d &= ~n->e1d;
	}
}

/* Leaf (leaf, sub) of a policy; d (NULL: none) narrows a PV policy. */
static void policy_leaf(const struct domain *d, enum policy_kind kind,
			u32 leaf, u32 sub, struct leaf_regs *r)
{
	u32 base = leaf & 0x80000000u;

	*r = (struct leaf_regs){ 0 };
	if (leaf > policy_max(d, base))
		return;
	/* Leaf 7's subleaves past the last are all zeros, as on a real CPU. */
	if (leaf == 7 && sub) {
		raw_cpuid(7, 0, r);
		if (sub > min(r->a, NR_FEAT - 1)) {
			*r = (struct leaf_regs){ 0 };
			return;
		}
	}
	raw_cpuid(leaf, sub, r);
	if (leaf == base)
		r->a = policy_max(d, base);
	if (leaf == 7 && sub == 0)
		r->a = min(r->a, NR_FEAT - 1);	/* the last subleaf */
	if (kind == POLICY_HOST)
		return;
	pv_hide(leaf, sub, r);
	if (d)
		domain_hide(&d->arch->cpuid, leaf, sub, r);
}

void pv_cpuid(const struct domain *d, u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *dx)
{
	struct leaf_regs r;

	policy_leaf(d, POLICY_PV, leaf, sub, &r);
	*a = r.a;
	*b = r.b;
	*c = r.c;
	*dx = r.d;
}

/* ---- Walking a policy in Xen's serialised order ----------------------- */

typedef void (*leaf_fn)(void *arg, u32 leaf, u32 sub, const struct leaf_regs *r);

static void walk_subleaves(const struct domain *d, enum policy_kind kind, u32 leaf,
			   leaf_fn fn, void *arg)
{
	struct leaf_regs r;
	u32 sub, last;
	u64 xstates;

	switch (leaf) {
	case 4:
	case 0xb:
		/* Until the first of type 0 (which is given too). */
		for (sub = 0; sub < (leaf == 4 ? NR_CACHE : NR_TOPO); sub++) {
			policy_leaf(d, kind, leaf, sub, &r);
			fn(arg, leaf, sub, &r);
			if (leaf == 4 ? !(r.a & 0x1f) : !((r.c >> 8) & 0xff))
				break;
		}
		break;
	case 7:
		policy_leaf(d, kind, 7, 0, &r);
		last = r.a;
		for (sub = 0; sub <= last; sub++) {
			policy_leaf(d, kind, 7, sub, &r);
			fn(arg, 7, sub, &r);
		}
		break;
	case 0xd:
		/* 0 and 1, then one for each state component up to the last. */
		policy_leaf(d, kind, 0xd, 0, &r);
		xstates = r.a | (u64)r.d << 32;
		fn(arg, 0xd, 0, &r);
		policy_leaf(d, kind, 0xd, 1, &r);
		xstates |= r.c | (u64)r.d << 32;
		fn(arg, 0xd, 1, &r);
		for (xstates >>= 2, sub = 2; xstates && sub < NR_XSTATE; xstates >>= 1, sub++) {
			policy_leaf(d, kind, 0xd, sub, &r);
			fn(arg, 0xd, sub, &r);
		}
		break;
	default:
		policy_leaf(d, kind, leaf, 0, &r);
		fn(arg, leaf, XEN_CPUID_NO_SUBLEAF, &r);
	}
}

static void walk_policy(const struct domain *d, enum policy_kind kind, leaf_fn fn, void *arg)
{
	/* The Xen leaves' limits: 0, the hypervisor's own choice. */
	static const struct leaf_regs zero;
	u32 leaf, max = policy_max(d, 0);

	for (leaf = 0; leaf <= max; leaf++)
		walk_subleaves(d, kind, leaf, fn, arg);
	fn(arg, 0x40000000, XEN_CPUID_NO_SUBLEAF, &zero);
	fn(arg, 0x40000100, XEN_CPUID_NO_SUBLEAF, &zero);
	max = policy_max(d, 0x80000000u);
	for (leaf = 0x80000000u; leaf <= max; leaf++)
		walk_subleaves(d, kind, leaf, fn, arg);
}

/* Serialising into the caller's array. */
struct leaf_sink {
	unsigned long gva;	/* its array */
	u32 room, n;
	int rc;
};

static void sink_leaf(void *arg, u32 leaf, u32 sub, const struct leaf_regs *r)
{
	struct leaf_sink *s = arg;
	struct xen_cpuid_leaf l = { leaf, sub, r->a, r->b, r->c, r->d };

	if (s->rc)
		return;
	if (s->n >= s->room)
		s->rc = -ENOBUFS;
	else if (copy_to_guest_offset(s->gva, s->n, &l, 1))
		s->rc = -EFAULT;
	else
		s->n++;
}

/* *nr IN: room at gva; OUT: entries written.  0, -ENOBUFS, -EFAULT. */
static int copy_leaves(const struct domain *d, enum policy_kind kind,
		       unsigned long gva, u32 *nr)
{
	struct leaf_sink s = { .gva = gva, .room = *nr };

	walk_policy(d, kind, sink_leaf, &s);
	if (!s.rc)
		*nr = s.n;
	return s.rc;
}

/* The MSRs: no CPUID faulting offered, no ARCH_CAPABILITIES bits. */
static int copy_msrs(unsigned long gva, u32 *nr)
{
	static const struct xen_msr_entry msrs[NR_MSRS] = {
		{ .idx = MSR_INTEL_PLATFORM_INFO }, { .idx = MSR_ARCH_CAPABILITIES },
	};

	if (*nr < NR_MSRS)
		return -ENOBUFS;
	if (copy_to_guest(gva, msrs, NR_MSRS))
		return -EFAULT;
	*nr = NR_MSRS;
	return 0;
}

/* ---- sysctl ----------------------------------------------------------- */

/*
 * Which policy a sysctl index names: 0, -EINVAL (none), -EOPNOTSUPP
 * (HVM).  The featureset indices (raw, host, pv, hvm, pv_max, hvm_max)
 * and the policy ones (raw, host, pv_max, hvm_max, pv_default,
 * hvm_default) name the same kinds here: our PV maximum is the default.
 */
static int sysctl_kind(u32 index, enum policy_kind *kind)
{
	static const s8 table[] = { POLICY_HOST, POLICY_HOST, POLICY_PV, -1, POLICY_PV, -1 };

	if (index >= ARRAY_SIZE(table))
		return -EINVAL;
	if (table[index] < 0)
		return -EOPNOTSUPP;
	*kind = table[index];
	return 0;
}

/* The feature words in Xen's featureset order: (leaf, subleaf, register). */
static const struct {
	u32 leaf;
	u8 sub, reg;		/* reg: 0 a, 1 b, 2 c, 3 d */
} feature_words[] = {
	{ 1, 0, 3 }, { 1, 0, 2 }, { 0x80000001, 0, 3 }, { 0x80000001, 0, 2 },
	{ 0xd, 1, 0 }, { 7, 0, 1 }, { 7, 0, 2 }, { 0x80000007, 0, 3 },
	{ 0x80000008, 0, 1 }, { 7, 0, 3 }, { 7, 1, 0 }, { 0x80000021, 0, 0 },
	{ 7, 1, 1 }, { 7, 2, 3 }, { 7, 1, 2 }, { 7, 1, 3 },
};

/* Word i of a policy's featureset. */
static u32 feature_word(enum policy_kind kind, unsigned int i)
{
	struct leaf_regs r;
	const u32 *reg = &r.a;

	policy_leaf(NULL, kind, feature_words[i].leaf, feature_words[i].sub, &r);
	return reg[feature_words[i].reg];
}

void pv_host_features(u32 *words, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		words[i] = i < ARRAY_SIZE(feature_words) ? feature_word(POLICY_HOST, i) : 0;
}

long arch_sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f)
{
	enum policy_kind kind;
	u32 i, nr, word;
	int rc;

	if (!f->features.q) {
		f->nr_features = ARRAY_SIZE(feature_words);
		return 0;
	}
	rc = sysctl_kind(f->index, &kind);
	if (rc)
		return rc;
	nr = min(f->nr_features, (u32)ARRAY_SIZE(feature_words));
	for (i = 0; i < nr; i++) {
		word = feature_word(kind, i);
		if (copy_to_guest_offset(f->features.q, i, &word, 1))
			return -EFAULT;
	}
	f->nr_features = nr;
	return nr < ARRAY_SIZE(feature_words) ? -ENOBUFS : 0;
}

long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p)
{
	enum policy_kind kind;
	int rc;

	if (p->_rsvd)
		return -EINVAL;
	rc = sysctl_kind(p->index, &kind);
	if (rc)
		return rc;
	if (!p->leaves.q)
		p->nr_leaves = MAX_LEAVES;
	else if ((rc = copy_leaves(NULL, kind, p->leaves.q, &p->nr_leaves)))
		return rc;
	if (!p->msrs.q)
		p->nr_msrs = NR_MSRS;
	else if ((rc = copy_msrs(p->msrs.q, &p->nr_msrs)))
		return rc;
	return 0;
}

/* ---- domctl ----------------------------------------------------------- */

long arch_domctl_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p)
{
	int rc;

	if (!p->leaves.q)
		p->nr_leaves = MAX_LEAVES;
	else if ((rc = copy_leaves(d, POLICY_PV, p->leaves.q, &p->nr_leaves)))
		return rc;
	if (!p->msrs.q)
		p->nr_msrs = NR_MSRS;
	else if ((rc = copy_msrs(p->msrs.q, &p->nr_msrs)))
		return rc;
	return 0;
}

/* Is (leaf, subleaf) one a policy holds?  As Xen 4.17's deserialiser. */
static bool leaf_in_range(u32 leaf, u32 sub)
{
	switch (leaf) {
	case 4:
		return sub < NR_CACHE;
	case 7:
		return sub < 3;		/* Xen 4.17 may send subleaf 2 */
	case 0xb:
		return sub < NR_TOPO;
	case 0xd:
		return sub < NR_XSTATE;
	case 0 ... 3:
	case 5 ... 6:
	case 8 ... 0xa:
	case 0xc:
	case 0x40000000:
	case 0x40000100:
	case 0x80000000u ... 0x80000021u:
		return sub == XEN_CPUID_NO_SUBLEAF;
	}
	return false;
}

/*
 * Fold one leaf of the toolstack's policy into n: the maximum leaves and
 * the feature words it narrows.  0, or -EINVAL: more than the PV maximum
 * policy (a higher maximum leaf); features it has not are dropped, as
 * Xen's recalculation does.
 */
static int narrow_leaf(struct pv_cpuid_narrow *n, const struct xen_cpuid_leaf *l)
{
	struct leaf_regs max;

	policy_leaf(NULL, POLICY_PV, l->leaf, l->subleaf == XEN_CPUID_NO_SUBLEAF ? 0 : l->subleaf,
		    &max);
	switch (l->leaf) {
	case 0:
		if (l->a > max.a)
			return -EINVAL;
		n->basic_max = l->a;
		n->basic_max_set = true;
		break;
	case 0x80000000u:
		if (l->a > max.a || (l->a & 0xffff0000u) != 0x80000000u)
			return -EINVAL;
		n->extd_max = l->a;
		n->extd_max_set = true;
		break;
	case 1:
		n->l1c = max.c & ~l->c;
		n->l1d = max.d & ~l->d;
		break;
	case 7:
		if (l->subleaf == 0 && l->a > max.a)
			return -EINVAL;
		if (l->subleaf == 0) {
			n->l7b0 = max.b & ~l->b;
			n->l7c0 = max.c & ~l->c;
			n->l7d0 = max.d & ~l->d;
		}
		break;
	case 0x80000001u:
		n->e1c = max.c & ~l->c;
		n->e1d = max.d & ~l->d;
		break;
	}
	return 0;
}

static int check_msrs(struct xen_domctl_cpu_policy *p)
{
	struct xen_msr_entry m;
	int rc = 0;
	u32 i;

	for (i = 0; i < p->nr_msrs; i++) {
		if (copy_from_guest_offset(&m, p->msrs.q, i, 1))
			return -EFAULT;
		if (m.idx != MSR_INTEL_PLATFORM_INFO && m.idx != MSR_ARCH_CAPABILITIES)
			rc = -ERANGE;
		/* The PV maximum policy has no bit of either. */
		else if (m.val || m.flags)
			rc = -EINVAL;
		if (rc) {
			p->err_msr = m.idx;
			return rc;
		}
	}
	return 0;
}

/* Why d's policy may not change now: 0, -EINVAL (oneself), -EEXIST (it ran). */
static int policy_frozen(struct domain *d)
{
	if (d == current_domain())
		return -EINVAL;
	/* Before its first unpause by the toolstack, which paused it at birth. */
	if (d->creation_finished || !atomic_read(&d->controller_pause_count))
		return -EEXIST;
	return 0;
}

long arch_domctl_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p)
{
	struct pv_cpuid_narrow n = d->arch->cpuid;
	struct xen_cpuid_leaf l;
	u32 i;
	int rc;

	rc = policy_frozen(d);
	if (rc)
		return rc;
	if (p->nr_leaves > MAX_SET_LEAVES || p->nr_msrs > NR_MSRS)
		return -E2BIG;
	for (i = 0; i < p->nr_leaves; i++) {
		if (copy_from_guest_offset(&l, p->leaves.q, i, 1))
			return -EFAULT;
		rc = leaf_in_range(l.leaf, l.subleaf) ? narrow_leaf(&n, &l) : -ERANGE;
		if (rc) {
			p->err_leaf = l.leaf;
			p->err_subleaf = l.subleaf;
			return rc;
		}
	}
	rc = check_msrs(p);
	if (rc)
		return rc;
	d->arch->cpuid = n;
	return 0;
}
