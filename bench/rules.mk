# Benchmarks (never part of make check): see bench/run-bench.sh.
-include $(sort $(filter-out bench/rules.mk,$(wildcard bench/*.mk)))
