# vmlinuz-xen is an ELF image of the port's class that carries the Xen
# notes a domain builder needs: guest OS, loader, Xen version, virtual
# base, an entry that is the ELF entry, the hypercall page and features.
. "$(dirname "$0")/../lib.sh"
plan 3
for port in x86_64:64-bit:0xffffffff80000000 x86_32:32-bit:0xc0000000 x86_32_pae:32-bit:0xc0000000; do
	name=${port%%:*}; rest=${port#*:}; class=${rest%%:*}; base=${rest#*:}
	img=$(port_dir $name)/vmlinuz-xen
	notes=$CHECK_OUT/notes-$name.txt
	bad=""
	python3 "$SRC/scripts/elfnotes.py" "$img" > "$notes" || bad=" no Xen notes"
	file -L "$img" | grep -q "ELF $class" || bad="$bad class"
	grep -qx "6 GUEST_OS kernel-xen" "$notes" || bad="$bad GUEST_OS"
	grep -qx "8 LOADER generic" "$notes" || bad="$bad LOADER"
	grep -qx "5 XEN_VERSION xen-3.0" "$notes" || bad="$bad XEN_VERSION"
	grep -qx "3 VIRT_BASE $base" "$notes" || bad="$bad VIRT_BASE"
	grep -q "^2 HYPERCALL_PAGE 0x" "$notes" || bad="$bad HYPERCALL_PAGE"
	grep -q "^10 FEATURES .*writable_page_tables" "$notes" || bad="$bad FEATURES"
	entry=$(awk '$1 == "e_entry" {print $3}' "$notes")
	grep -qx "1 ENTRY $entry" "$notes" || bad="$bad ENTRY"
	if [ -z "$bad" ]; then ok "kernel-xen $name carries its Xen notes"; else
		cat "$notes" >&2; not_ok "kernel-xen $name carries its Xen notes" "wrong:$bad"; fi
done
finish
