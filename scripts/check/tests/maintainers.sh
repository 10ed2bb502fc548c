# Every tracked source file belongs to at least one MAINTAINERS section,
# and get_maintainer.sh refuses a path that belongs to none.
. "$(dirname "$0")/../lib.sh"
plan 2
orphans=$(cd "$SRC" && xargs -a "$CHECK_OUT/tracked-files" -d '\n' \
	scripts/get_maintainer.sh --sections 2>&1 >/dev/null)
if [ -z "$orphans" ]; then ok "every tracked file has a MAINTAINERS section"; else
	echo "$orphans" >&2; not_ok "every tracked file has a MAINTAINERS section"; fi
if "$SRC/scripts/get_maintainer.sh" no-such-dir/file.c >/dev/null 2>&1; then
	not_ok "get_maintainer.sh reports a file with no section"
else ok "get_maintainer.sh reports a file with no section"; fi
finish
