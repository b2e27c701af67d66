# Benchmarks (never part of make check): see bench/run-bench.sh.
-include $(sort $(wildcard bench/*.mk))
