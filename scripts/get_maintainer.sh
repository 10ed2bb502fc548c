#!/usr/bin/env bash
# Print the MAINTAINERS sections a file belongs to, most specific first
# (the longest matching pattern), with their M: and S: lines.
#
# Usage: scripts/get_maintainer.sh [--sections] FILE...
#   --sections	print only the section names, one per line
# Exit status 1 if some FILE belongs to no section.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
only_names=0
[ "${1:-}" = "--sections" ] && { only_names=1; shift; }
[ $# -ge 1 ] || { echo "usage: $0 [--sections] FILE..." >&2; exit 2; }

# pattern_matches PATTERN FILE: directories cover what is below them; a
# glob with no '/' matches any path at the top level only.
pattern_matches() {
	local p=$1 f=$2
	case "$p" in
	*/) [[ "$f" == "$p"* ]] ;;
	*) [[ "$f" == $p ]] && { [[ "$p" == */* ]] || [[ "$f" != */* ]]; } ;;
	esac
}

# MAINTAINERS, read once: one entry "PATTERN|SECTION|M|S" per F: line.
entries=()
section="" maint="" state="" pats=()
flush() {
	local p
	for p in "${pats[@]}"; do entries+=("$p|$section|$maint|$state"); done
	section="" maint="" state="" pats=()
}
trim() { local v=$1; REPLY=${v#"${v%%[! $'\t']*}"}; }
while IFS= read -r line || [ -n "$line" ]; do
	case "$line" in
	"M:"*) trim "${line#M:}"; maint=$REPLY ;;
	"S:"*) trim "${line#S:}"; state=$REPLY ;;
	"F:"*) trim "${line#F:}"; pats+=("$REPLY") ;;
	"") flush ;;
	*) [ -z "$section" ] && section=$line ;;
	esac
done < "$top/MAINTAINERS"
flush

# print_best MATCH...: each "LEN|SECTION|M|S", longest pattern first, each
# section once.  No pipeline: a fork per file made a run over the tree
# take minutes on a busy host.
print_best() {
	local -a left=("$@")
	local -A seen=()
	local i best e rest sec m st
	while [ ${#left[@]} -gt 0 ]; do
		best=""
		for i in "${!left[@]}"; do
			[ -z "$best" ] || [ "${left[$i]%%|*}" -gt "${left[$best]%%|*}" ] && best=$i
		done
		e=${left[$best]}
		unset "left[$best]"
		rest=${e#*|}; sec=${rest%%|*}; rest=${rest#*|}; m=${rest%%|*}; st=${rest#*|}
		[ -n "${seen[$sec]:-}" ] && continue
		seen[$sec]=1
		if [ $only_names = 1 ]; then echo "$sec"; else echo "$m ($st): $sec"; fi
	done
}

status=0
for file in "$@"; do
	file=${file#./}
	best=()
	for e in "${entries[@]}"; do
		pat=${e%%|*}
		pattern_matches "$pat" "$file" && best+=("${#pat}|${e#*|}")
	done
	if [ ${#best[@]} -eq 0 ]; then
		echo "$file: no MAINTAINERS section" >&2
		status=1
		continue
	fi
	print_best "${best[@]}"
done
exit $status
