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

status=0
for file in "$@"; do
	file=${file#./}
	best=()
	section="" maint="" state=""
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		"M:"*) maint=${line#M:}; maint=${maint#"${maint%%[! $'\t']*}"} ;;
		"S:"*) state=${line#S:}; state=${state#"${state%%[! $'\t']*}"} ;;
		"F:"*)
			pat=${line#F:}; pat=${pat#"${pat%%[! $'\t']*}"}
			if pattern_matches "$pat" "$file"; then
				best+=("${#pat}|$section|$maint|$state")
			fi ;;
		"") section="" ;;
		*) [ -z "$section" ] && section=$line ;;
		esac
	done < "$top/MAINTAINERS"
	if [ ${#best[@]} -eq 0 ]; then
		echo "$file: no MAINTAINERS section" >&2
		status=1
		continue
	fi
	printf '%s\n' "${best[@]}" | sort -t'|' -k1,1nr -u | awk -F'|' -v names=$only_names '
		!seen[$2]++ { if (names) print $2; else printf "%s (%s): %s\n", $3, $4, $2 }'
done
exit $status
