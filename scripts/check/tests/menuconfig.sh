# make menuconfig works in a terminal: under tmux, open the port choice,
# pick "x86_32 with PAE", save, and check that .config says so.
. "$(dirname "$0")/../lib.sh"
plan 2
out=$CHECK_OUT/menuconfig
rm -rf "$out" && mkdir -p "$out"
if ! command -v tmux >/dev/null; then
	skip "menuconfig starts" "tmux is not installed"
	skip "menuconfig changes the port" "tmux is not installed"
	finish
fi
kmake O="$out" x86_64_defconfig >&2
session=menuconfig-$$
tmux kill-session -t "$session" 2>/dev/null
tmux new-session -d -s "$session" -x 120 -y 40 \
	"make -C '$SRC' O='$out' menuconfig; echo MCONF_EXIT=\$?; sleep 30"
screen() { tmux capture-pane -t "$session" -p; }
wait_for() {	# wait_for REGEX: up to 20 s
	local i
	for i in $(seq 1 80); do
		screen | grep -Eq "$1" && return 0
		sleep 0.25
	done
	screen >&2
	return 1
}
if wait_for 'Target port \(x86_64'; then ok "menuconfig starts"; else not_ok "menuconfig starts"; fi
tmux send-keys -t "$session" Enter
wait_for 'x86_32 with PAE' >/dev/null
tmux send-keys -t "$session" Up
sleep 0.5
tmux send-keys -t "$session" Space
wait_for 'Target port \(x86_32 with PAE' >/dev/null
tmux send-keys -t "$session" Escape Escape
wait_for 'save your new configuration' >/dev/null
tmux send-keys -t "$session" Enter
wait_for 'MCONF_EXIT=0' >/dev/null
tmux kill-session -t "$session" 2>/dev/null
if grep -q '^CONFIG_TARGET_X86_32_PAE=y' "$out/.config" && grep -q '^CONFIG_X86_PAE=y' "$out/.config"; then
	ok "menuconfig changes the port"
else
	grep TARGET "$out/.config" >&2
	not_ok "menuconfig changes the port"
fi
finish
