# The cost of a context switch between two test vCPUs of the hypervisor's
# scheduler self test (selftest=sched_switch): two vCPUs pinned to the
# boot CPU yield to each other and the rounds that switched are timed
# (yield, schedule(), the switch's bookkeeping), per x86 port and per
# scheduler, under TCG.  A PV guest's registers are not part of it.
set -e
out=$BENCH_OUT/context-switch
for port in x86_64:x86_64 x86_32:i386 x86_32_pae:i386; do
	name=${port%%:*}; arch=${port#*:}
	dir=$out/$name
	if [ ! -s "$dir/xen-syms" ]; then
		make -s -C "$SRC" O="$dir" ${name}_defconfig >/dev/null
		make -s -C "$SRC" O="$dir" -j"$(nproc)" xen-syms >/dev/null
	fi
	for sched in credit sedf rr; do
		log=$out/$name-$sched.serial
		if python3 "$SRC/scripts/qemu/run.py" --arch "$arch" --kernel "$dir/xen-syms" \
			--append "console=com1 noreboot sched=$sched selftest=sched_switch" \
			--smp 2 --mem 256M --timeout 120 --log "$log" >/dev/null 2>&1; then
			sed -n "s/.*# context switch between two test vCPUs ([a-z]*): \([0-9]*\) ns.*/\1/p" "$log" |
				awk -v n="$name" -v s="$sched" '{ printf "   %-12s %-7s context switch: %s ns\n", n, s, $1 }'
		else
			echo "   $name $sched: did not run (log: $log)"
		fi
	done
done
