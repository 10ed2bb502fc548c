#!/bin/sh
# xm against xend --fake-hypervisor: Xen 3.0.0's output formats, the
# one-line errors with their exit status, create -n, ballooning refusals,
# and xend's start-up checks.  TAP 13 on stdout.
# Needs XEND and XM (the binaries) and LD_LIBRARY_PATH for their libraries.
set -u
: "${XEND:?}" "${XM:?}"
T=$(mktemp -d /tmp/xm_fake.XXXXXX)
export XEND_SOCKET=$T/xend.sock
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; }
check() { # check NAME COMMAND...: ok if the command succeeds
	name=$1; shift
	if "$@" >"$T/chk" 2>&1; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$T/chk"; fi
}
cleanup() {
	[ -n "${XEND_PID:-}" ] && kill "$XEND_PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

cat >"$T/xend.sxp" <<CFG
(logfile $T/xend.log)
(loglevel DEBUG)
(xend-unix-path $T/xend.sock)
(dom0-min-mem 256)
CFG
echo kernel >"$T/vmlinuz"
cat >"$T/g1.cfg" <<CFG
kernel = "$T/vmlinuz"
memory = 128
name = "g1"
vcpus = 2
root = "/dev/xvda1 ro"
vif = [ 'mac=00:16:3e:12:34:56, bridge=xenbr0' ]
# w!: the cases below make several guests of this file at once.
disk = [ 'file:$T/vmlinuz,xvda1,w!' ]
CFG

echo "TAP version 13"
echo "1..33"

# --- xend's start-up checks ---------------------------------------------
printf '(logfile %s/x.log)\n(dom0-min-mem lots)\n' "$T" >"$T/bad.sxp"
out=$("$XEND" -f --fake-hypervisor --config "$T/bad.sxp" --pid-file "$T/p" 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ "$out" = "xend: $T/bad.sxp:2: dom0-min-mem: found 'lots', expected a whole number from 0 to 1073741824; fix the file and start again" ]; then
	ok "xend refuses a bad xend-config.sxp with file and line"
else not_ok "xend refuses a bad xend-config.sxp with file and line"; echo "# rc=$rc $out"; fi
printf '(logfile %s/x.log)\n(dom0-min-mem 1\n' "$T" >"$T/bad2.sxp"
if ! "$XEND" -f --fake-hypervisor --config "$T/bad2.sxp" --pid-file "$T/p" 2>"$T/out" &&
   grep -q "bad2.sxp:3:1: syntax error" "$T/out"; then
	ok "xend refuses a malformed xend-config.sxp"
else not_ok "xend refuses a malformed xend-config.sxp"; sed 's/^/# /' "$T/out"; fi

# In the background (daemon), with its pid file; status; stop.
if "$XEND" --fake-hypervisor --config "$T/xend.sxp" --pid-file "$T/d.pid" 2>"$T/out" &&
   "$XEND" status --pid-file "$T/d.pid" && [ -S "$T/xend.sock" ] &&
   [ "$(stat -c %a "$T/xend.sock")" = 600 ] &&
   "$XEND" stop --pid-file "$T/d.pid" && ! "$XEND" status --pid-file "$T/d.pid" &&
   [ ! -e "$T/xend.sock" ]; then
	ok "xend daemonizes, writes its pid file, serves a 0600 socket, stops"
else not_ok "xend daemonizes, writes its pid file, serves a 0600 socket, stops"; sed 's/^/# /' "$T/out"; fi

# No xend: one line, exit 1.
out=$("$XM" list 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] &&
   echo "$out" | grep -q "^Error: Error connecting to xend: .*Is xend running?"; then
	ok "xm without xend: one line, exit 1"
else not_ok "xm without xend: one line, exit 1"; echo "# rc=$rc $out"; fi

"$XEND" -f --fake-hypervisor --config "$T/xend.sxp" --pid-file "$T/f.pid" 2>"$T/xend.err" &
XEND_PID=$!
i=0
while [ ! -S "$T/xend.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

out=$("$XEND" -f --fake-hypervisor --config "$T/xend.sxp" --pid-file "$T/g.pid" 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q "another xend serves $T/xend.sock"; then
	ok "a second xend refuses the same socket"
else not_ok "a second xend refuses the same socket"; echo "# $out"; fi

# --- formats ----------------------------------------------------------------
cat >"$T/expect" <<'X'
Name                              ID Mem(MiB) VCPUs State  Time(s)
Domain-0                           0     1024     2 r-----  5068.6
X
"$XM" list >"$T/out" 2>&1
check "xm list: Xen 3.0.0's header and row" cmp "$T/expect" "$T/out"

out=$("$XM" create "$T/g1.cfg" 2>&1)
if [ "$out" = "Using config file \"$T/g1.cfg\".
Started domain g1" ]; then ok "xm create: Using config file, Started domain"
else not_ok "xm create: Using config file, Started domain"; echo "# $out"; fi

"$XM" list g1 >"$T/out"
check "xm list: a guest's row" grep -qx 'g1                                 1      128     2 -b----     0.0' "$T/out"
check "xm list --json is JSON with the same data" sh -c \
	"'$XM' list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [x[\"name\"] for x in d]==[\"Domain-0\",\"g1\"] and d[1][\"memory\"]==128'"
"$XM" list -l g1 >"$T/out"
check "xm list -l: the SXP record" sh -c "head -3 '$T/out' | tr '\n' '|' | grep -qx '(domain|    (domid 1)|    (uuid [0-9a-f-]*)|' &&
	grep -q \"(kernel $T/vmlinuz)\" '$T/out' && grep -q \"(args 'root=/dev/xvda1 ro')\" '$T/out' &&
	grep -qx '    (device (vif (bridge xenbr0) (mac 00:16:3e:12:34:56)))' '$T/out' && tail -1 '$T/out' | grep -qx ')'"
"$XM" info >"$T/out"
check "xm info: Xen 3.0.0's keys in order, %-23s: value" sh -c \
	"cut -c1-25 '$T/out' | tr -d ' ' | tr '\n' ' ' | grep -qx 'system: host: release: version: machine: nr_cpus: nr_nodes: sockets_per_node: cores_per_socket: threads_per_core: cpu_mhz: hw_caps: total_memory: free_memory: xen_major: xen_minor: xen_extra: xen_caps: platform_params: xen_changeset: cc_compiler: cc_compile_by: cc_compile_domain: cc_compile_date: ' &&
	grep -qx 'hw_caps                : 0383fbff:00000000:00000000:00000040' '$T/out' &&
	grep -qx 'cc_compile_domain      : (none)' '$T/out'"
check "xm info --json" sh -c "'$XM' info --json | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"total_memory\"]==2048'"
"$XM" vcpu-list g1 >"$T/out"
cat >"$T/expect" <<'X'
Name                              ID  VCPU  CPU  State  Time(s)  CPU Affinity
g1                                 1     0    0   -b-       0.0  any cpu
g1                                 1     1    1   -b-       0.0  any cpu
X
check "xm vcpu-list: Xen 3.0.0's format" cmp "$T/expect" "$T/out"

# xm top in a terminal (a pty): it draws the domains and quits on q.
check "xm top draws the domains in a terminal and quits on q" python3 -c "
import os, pty, select, time
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm'
    os.execv('$XM', ['xm', 'top'])
out, end = b'', time.time() + 3
while time.time() < end and not (b'g1' in out and b'Domain-0' in out and b'MEM(MiB)' in out):
    if select.select([fd], [], [], 0.2)[0]:
        out += os.read(fd, 65536)
os.write(fd, b'q')
end = time.time() + 5
while time.time() < end:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p:
        break
    time.sleep(0.1)
else:
    os.kill(pid, 9); raise SystemExit('xm top did not quit on q')
assert b'g1' in out and b'Domain-0' in out and b'MEM(MiB)' in out, out[-300:]
assert os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0, st
"
check "xm top refuses to run without a terminal" sh -c "! '$XM' top </dev/null >/dev/null 2>&1"

# --- changing domains ---------------------------------------------------
"$XM" vcpu-set g1 1 && "$XM" vcpu-pin g1 0 0-1 && "$XM" vcpu-list g1 >"$T/out"
check "xm vcpu-set and vcpu-pin" sh -c "grep -q '^g1 .*   1  .*--p .*any cpu$' '$T/out' && grep -q '^g1 .* 0-1$' '$T/out' &&
	'$XM' list g1 | grep -q '^g1  *1  *128  *1 '"
"$XM" mem-set 0 512
check "xm mem-set 0 shrinks Domain-0" sh -c "'$XM' list 0 | grep -q '^Domain-0  *0  *512 '"
"$XM" sched-credit -d g1 -w 512
check "xm sched-credit sets and reads the weight" sh -c "[ \"\$('$XM' sched-credit -d g1)\" = \"{'cap': 0, 'weight': 512}\" ]"
"$XM" rename g1 g1r
check "xm rename, domid, domname" sh -c "[ \"\$('$XM' domid g1r)\" = 1 ] && [ \"\$('$XM' domname 1)\" = g1r ]"
"$XM" pause g1r
check "xm pause / unpause" sh -c "'$XM' list g1r | grep -q ' --p--- ' && '$XM' unpause g1r && '$XM' list g1r | grep -q ' -b---- '"
check "xm dmesg reads the hypervisor's ring" sh -c "'$XM' dmesg | grep -q '^(XEN) '"
check "xm log prints xend's log" sh -c "'$XM' log | grep -q 'started domain g1 (id 1'"

# --- failures: one line, non-zero, nothing left ----------------------------
one_line() { # one_line NAME EXPECTED-REGEX COMMAND...
	name=$1 re=$2; shift 2
	before=$("$XM" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	out=$("$@" 2>&1 >/dev/null); rc=$?
	after=$("$XM" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   printf '%s\n' "$out" | grep -q "$re" && [ "$before" = "$after" ]; then
		ok "$name"
	else not_ok "$name"; echo "# rc=$rc before=$before after=$after: $out"; fi
}
one_line "unknown domain" "^Error: Domain 'nosuch' not found when running 'xm destroy'" "$XM" destroy nosuch
one_line "missing argument" "^Error: 'xm destroy' requires 1 argument.  Usage: xm destroy <Domain>" "$XM" destroy
one_line "unknown command" "^Error: Sub Command frob not found!" "$XM" frob
one_line "missing config file" "^Error: Cannot open config file \"nosuch.cfg\": No such file or directory" "$XM" create nosuch.cfg
printf 'kernel = "%s"\nname = "b"\nmemroy = 64\n' "$T/vmlinuz" >"$T/bad.cfg"
one_line "config with a misspelt key" "^Error: $T/bad.cfg:3:1: .*memroy.*memory" "$XM" create "$T/bad.cfg"
one_line "a guest that does not fit, dom0-min-mem too high" "^Error: not enough memory for big: .*dom0-min-mem (256 MiB)" "$XM" create "$T/g1.cfg" name=big memory=1900
one_line "a name already taken" "^Error: a domain named g1r already exists (id 1)" "$XM" create "$T/g1.cfg" name=g1r

# create -n: the configuration, checked, nothing made.
out=$("$XM" create -n "$T/g1.cfg" name=g3 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -qx '(vm' && echo "$out" | grep -qx '    (name g3)' &&
   ! "$XM" list g3 >/dev/null 2>&1; then ok "xm create -n prints the config and creates nothing"
else not_ok "xm create -n prints the config and creates nothing"; echo "# $out"; fi

# on_crash = preserve: a crashed guest stays, flagged c.
"$XM" create "$T/g1.cfg" name=c1 on_crash=preserve >/dev/null && "$XM" sysrq c1 c
sleep 1
check "on_crash=preserve keeps a crashed guest as ----c-" sh -c "'$XM' list c1 | grep -q ' ----c- '"

# shutdown -w: the guest powers off (the fake honours control/shutdown), on_poweroff destroys it.
check "xm shutdown -w waits until the guest is gone" sh -c "timeout 20 '$XM' shutdown -w g1r && ! '$XM' list g1r >/dev/null 2>&1"

# A malformed request straight on the socket: an error reply, the connection stays.
check "malformed JSON gets an error reply, then requests still work" python3 -c "
import json, socket
s = socket.socket(socket.AF_UNIX); s.connect('$T/xend.sock'); f = s.makefile('rw')
f.write('{oops\n'); f.flush(); r = json.loads(f.readline())
assert r['ok'] is False and r['code'] == 'malformed', r
f.write(json.dumps({'cmd': 'nope'}) + '\n'); f.flush(); r = json.loads(f.readline())
assert r['code'] == 'unknown-command', r
f.write(json.dumps({'cmd': 'domid', 'args': {'dom': 'Domain-0'}}) + '\n'); f.flush()
assert json.loads(f.readline()) == {'ok': True, 'result': 0}
"
[ $n -eq 33 ] || { echo "# the plan counted 33 tests, ran $n"; fails=$((fails + 1)); }
exit $((fails != 0))
