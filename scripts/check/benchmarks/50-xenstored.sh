# xenstored throughput (reads and writes per second, 1 and 16 clients) and
# its memory with 100,000 nodes; libxlu's parse rate.
set -e
make -s -C "$SRC/tools/xenstore" OUTPUT="$BENCH_OUT/xenstore/" bench
make -s -C "$SRC/tools/libs/util" OUTPUT="$BENCH_OUT/libs/util/" bench
