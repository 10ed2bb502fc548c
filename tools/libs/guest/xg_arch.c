/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The guest architecture a kernel, a save image or a hypervisor's
 * guests are, among the ones these tools know (xg_guest_arches[], from
 * the xg_arch_*.c built for the tools' own layout).
 */
#include <string.h>

#include "xg_private.h"
#include "../../../include/xen/libelf.h"

const struct xg_guest_arch *xg_arch_by_type(const char *type)
{
	const struct xg_guest_arch *const *a;

	for (a = xg_guest_arches; type && *a; a++)
		if (!strcmp((*a)->pg->guest_type, type))
			return *a;
	return NULL;
}

const struct xg_guest_arch *xg_arch_by_shape(unsigned int width, unsigned int levels)
{
	const struct xg_guest_arch *const *a;

	for (a = xg_guest_arches; *a; a++)
		if ((*a)->pg->word_size == width && (*a)->pg->levels == levels)
			return *a;
	return NULL;
}

const struct xg_guest_arch *xg_arch_of_caps(const char *caps)
{
	const struct xg_guest_arch *const *a;

	for (a = xg_guest_arches; *a; a++)
		if (elf_xen_type_in_caps((*a)->pg->guest_type, caps))
			return *a;
	return NULL;
}

const char *xg_arch_types(void)
{
	static char types[64];
	const struct xg_guest_arch *const *a;

	if (types[0])
		return types;
	for (a = xg_guest_arches; *a; a++) {
		if (a != xg_guest_arches)
			strncat(types, " ", sizeof(types) - strlen(types) - 1);
		strncat(types, (*a)->pg->guest_type, sizeof(types) - strlen(types) - 1);
	}
	return types;
}
