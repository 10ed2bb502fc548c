# libFuzzer targets, each run for a bounded time (FUZZ_SECONDS, default
# 10): xenstored's message parser, the config parser, the SXP parser and
# the hypervisor's ELF and Xen-note parser (common/libelf), its
# decompressors (common/compress: gzip, XZ, LZ4, zstd) and its bzImage
# parser (arch/x86/bzimage.c).
# A crash or a sanitizer report fails the target, and so does a target
# that does not build; only when clang's libFuzzer cannot build anything
# here (have_libfuzzer) is each target a skip that says so.
. "$(dirname "$0")/../lib.sh"
export FUZZ_SECONDS=${FUZZ_SECONDS:-10}
out=$CHECK_OUT/fuzz
mkdir -p "$out"
# Two streams side by side, one per core: the parsers of the tools, then
# the hypervisor's image parsers and decompressors.
{
	make -s -C "$SRC/tools/xenstore" OUTPUT="$out/xenstore/" fuzz
	make -s -C "$SRC/tools/libs/util" OUTPUT="$out/libs/util/" fuzz
} > "$out.tools.tap" 2>&1 &
tools_pid=$!
{
	# Real images make better seeds than nothing: the kernels and
	# hypervisors that build-ports made (x86_64's here too when this
	# check runs on its own).
	port_build x86_64 || true
	seeds=$out/seeds
	mkdir -p "$seeds/elf" "$seeds/gz"
	cp "$BUILD"/*/vmlinuz-xen "$seeds/elf/" 2>/dev/null
	for f in "$BUILD"/*/xen.gz; do cp "$f" "$seeds/gz/$(basename "$(dirname "$f")").gz"; done 2>/dev/null
	FUZZ_SEEDS=$seeds/elf make -s -C "$SRC/tools/testing/selftests/libelf" \
		OUTPUT="$out/libelf/" fuzz
	FUZZ_SEEDS=$seeds/gz make -s -C "$SRC/tools/testing/selftests/inflate" \
		OUTPUT="$out/inflate/" fuzz
	# A kernel compressed by the real tools, bare and in a bzImage.
	mkdir -p "$seeds/decompress"
	for k in "$BUILD"/x86_64/vmlinuz-xen; do
		xz -c --check=crc32 --x86 --lzma2 "$k" > "$seeds/decompress/k.xz"
		lz4 -l -c "$k" > "$seeds/decompress/k.lz4"
		zstd -q -19 -c "$k" > "$seeds/decompress/k.zst"
		for f in xz lz4 zstd; do
			python3 "$SRC/scripts/qemu/mkbzimage.py" $f "$k" "$seeds/decompress/bz-$f"
		done
	done 2>/dev/null
	FUZZ_SEEDS=$seeds/decompress make -s -C "$SRC/tools/testing/selftests/decompress" \
		OUTPUT="$out/decompress/" fuzz
} > "$out.hv.tap" 2>&1
status=$?
wait $tools_pid || status=$?
cat "$out.tools.tap" "$out.hv.tap" > "$out.tap"
# Several TAP streams: one document (fuzz_tap in lib.sh).
fuzz_tap "$out.tap"
exit $status
