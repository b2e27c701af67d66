# PV network benchmark (make bench BENCH=net): bench/net.sh drives it.
$(BUILD)/bench/netperf: $(call host_objs,bench/netperf.c)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

BENCH_TARGETS += $(BUILD)/bench/netperf
