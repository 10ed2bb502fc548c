/*
 * xmalloc: small objects for the hypervisor, on xenheap pages.
 *
 * Every page xmalloc takes starts with a header that says what the page
 * is.  A slab page is cut into slots of one size class (16 to
 * XMALLOC_SLAB_MAX bytes, powers of two); the slots the header covers are
 * never used, so each object is aligned to its class and a pointer's page
 * header is found by masking.  A large object takes 2^order whole pages
 * whose header sits before the object; the object starts at the first
 * multiple of its alignment past the header, so its header is again in
 * the page of (pointer - 1).
 *
 * A slab page keeps a bitmap of its free slots: a double free and a
 * pointer into the middle of a slot are caught by it, any other stray
 * pointer by the header's magic.  A slab page goes back to the xenheap as
 * soon as its last object is freed, so once every object is freed the
 * xenheap's free count is back where it started.
 *
 * Locking: xmalloc_lock guards the partial-page lists, every slab page's
 * header and the counters; it is taken with interrupts off.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define SLAB_MAGIC		0x51ab51abU
#define LARGE_MAGIC		0x1a29e1a2U
#define FREED_MAGIC		0xdeadf1eeU
#define MIN_SHIFT		4			/* 16 bytes */
#define MAX_SHIFT		10			/* XMALLOC_SLAB_MAX */
#define NR_CLASSES		(MAX_SHIFT - MIN_SHIFT + 1)
#define MAX_SLOTS		(PAGE_SIZE >> MIN_SHIFT)
#define BITS_PER_UL		(8 * sizeof(unsigned long))

/* The start of every xmalloc page. */
struct xmalloc_page {
	u32 magic;
	u16 shift;		/* slab: the class, log2 of the slot size */
	u16 nr_free;		/* slab: free slots */
	unsigned int order;	/* large: 2^order pages */
	struct xmalloc_page *next, *prev;	/* slab: the class's partial list */
	unsigned long free_map[MAX_SLOTS / BITS_PER_UL];	/* slab: 1 = free */
};

/* 64 bytes with 4 KiB pages; the free map grows with larger pages. */
#define HDR_SIZE		ROUNDUP(sizeof(struct xmalloc_page), (size_t)64)
BUILD_BUG_ON(1 << MAX_SHIFT != XMALLOC_SLAB_MAX);

static DEFINE_SPINLOCK(xmalloc_lock);
/* Slab pages with a free slot, per class (xmalloc_lock). */
static struct xmalloc_page *partial[NR_CLASSES];
static struct xmalloc_stats stats;	/* xmalloc_lock */

static unsigned int first_slot(unsigned int shift)
{
	return (HDR_SIZE + (1U << shift) - 1) >> shift;
}

static unsigned int nr_slots(unsigned int shift)
{
	return (unsigned int)(PAGE_SIZE >> shift);
}

static void partial_add(struct xmalloc_page *p)
{
	struct xmalloc_page **head = &partial[p->shift - MIN_SHIFT];

	p->prev = NULL;
	p->next = *head;
	if (*head)
		(*head)->prev = p;
	*head = p;
}

static void partial_del(struct xmalloc_page *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		partial[p->shift - MIN_SHIFT] = p->next;
	if (p->next)
		p->next->prev = p->prev;
}

/* A fresh slab page of a class, all slots free; NULL if none. */
static struct xmalloc_page *new_slab(unsigned int shift)
{
	struct xmalloc_page *p = alloc_xenheap_page();
	unsigned int i;

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->magic = SLAB_MAGIC;
	p->shift = shift;
	for (i = first_slot(shift); i < nr_slots(shift); i++)
		p->free_map[i / BITS_PER_UL] |= 1UL << (i % BITS_PER_UL);
	p->nr_free = nr_slots(shift) - first_slot(shift);
	return p;
}

static void *slab_alloc(unsigned int shift, unsigned long flags)
{
	struct xmalloc_page *p = partial[shift - MIN_SHIFT];
	unsigned int w, b;

	if (!p) {
		/* The xenheap has its own lock: do not nest it in ours. */
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		p = new_slab(shift);
		spin_lock_irqsave(&xmalloc_lock, flags);
		if (!p)
			return NULL;
		stats.slab_pages++;
		partial_add(p);
	}
	for (w = 0; !p->free_map[w]; w++)
		;
	b = (unsigned int)__builtin_ctzl(p->free_map[w]);
	p->free_map[w] &= ~(1UL << b);
	if (!--p->nr_free)
		partial_del(p);
	return (char *)p + ((w * BITS_PER_UL + b) << shift);
}

/* In pages, so that nothing overflows on 32-bit ports. */
static unsigned int order_for(size_t bytes)
{
	size_t pages = (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned int order = 0;

	while (((size_t)1 << order) < pages)
		order++;
	return order;
}

static void *large_alloc(size_t size, size_t align)
{
	size_t offset = max(align, (size_t)HDR_SIZE);
	unsigned int order = order_for(offset + size);
	struct xmalloc_page *p;
	unsigned long flags;

	if (order > MAX_ORDER)
		return NULL;
	p = alloc_xenheap_pages(order);
	if (!p)
		return NULL;
	p->magic = LARGE_MAGIC;
	p->order = order;
	spin_lock_irqsave(&xmalloc_lock, flags);
	stats.large_pages += 1UL << order;
	stats.objects++;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return (char *)p + offset;
}

void *xmalloc_bytes(size_t size, size_t align)
{
	unsigned int shift = MIN_SHIFT;
	unsigned long flags;
	void *obj;

	if (!align)
		align = 1;
	/* Too large for any block is refused by large_alloc(). */
	if (align & (align - 1) || align > PAGE_SIZE || size > (size_t)-1 - 2 * PAGE_SIZE)
		return NULL;
	if (!size)
		size = 1;	/* a unique pointer, as malloc(0) may give */
	if (size > XMALLOC_SLAB_MAX || align > XMALLOC_SLAB_MAX)
		return large_alloc(size, align);
	while ((1UL << shift) < max(size, align))
		shift++;
	spin_lock_irqsave(&xmalloc_lock, flags);
	obj = slab_alloc(shift, flags);
	if (obj)
		stats.objects++;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return obj;
}

void *xzalloc_bytes(size_t size, size_t align)
{
	void *p = xmalloc_bytes(size, align);

	if (p)
		memset(p, 0, size);
	return p;
}

void *_xmalloc_array(size_t size, size_t align, size_t nr)
{
	if (size && nr > (size_t)-1 / size)
		return NULL;
	return xmalloc_bytes(size * nr, align);
}

void *_xzalloc_array(size_t size, size_t align, size_t nr)
{
	if (size && nr > (size_t)-1 / size)
		return NULL;
	return xzalloc_bytes(size * nr, align);
}

/* Free a slab object; false (nothing changed) if p is not a live one. */
static bool slab_free(struct xmalloc_page *p, void *obj)
{
	unsigned long off = (unsigned long)obj & (PAGE_SIZE - 1);
	unsigned int slot = off >> p->shift;

	if (p->shift < MIN_SHIFT || p->shift > MAX_SHIFT ||
	    off & ((1UL << p->shift) - 1) || slot < first_slot(p->shift) ||
	    p->free_map[slot / BITS_PER_UL] & (1UL << (slot % BITS_PER_UL)))
		return false;
	p->free_map[slot / BITS_PER_UL] |= 1UL << (slot % BITS_PER_UL);
	if (!p->nr_free++)
		partial_add(p);
	return true;
}

void xfree(void *obj)
{
	struct xmalloc_page *p;
	unsigned long flags;
	bool ok = false, release = false;
	unsigned int order = 0;

	if (!obj)
		return;
	p = (struct xmalloc_page *)(((unsigned long)obj - 1) & PAGE_MASK);
	spin_lock_irqsave(&xmalloc_lock, flags);
	if (p->magic == SLAB_MAGIC) {
		ok = slab_free(p, obj);
		if (ok && p->nr_free == nr_slots(p->shift) - first_slot(p->shift)) {
			/* Last object gone: the page goes back to the xenheap. */
			partial_del(p);
			p->magic = FREED_MAGIC;
			stats.slab_pages--;
			release = true;
		}
	} else if (p->magic == LARGE_MAGIC && p->order <= MAX_ORDER &&
		   (size_t)((char *)obj - (char *)p) >= HDR_SIZE &&
		   (size_t)((char *)obj - (char *)p) <= PAGE_SIZE) {
		ok = true;
		order = p->order;
		p->magic = FREED_MAGIC;
		stats.large_pages -= 1UL << order;
		release = true;
	}
	if (ok)
		stats.objects--;
	else
		stats.bad_frees++;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	if (!ok)
		printk(XENLOG_ERR "xfree: %p is not a live xmalloc object: refused\n", obj);
	else if (release)
		free_xenheap_pages(p, order);
}

void xmalloc_get_stats(struct xmalloc_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&xmalloc_lock, flags);
	*st = stats;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}
