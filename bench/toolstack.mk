# Toolstack benchmarks (make bench): bench/toolstack.sh drives them.
$(BUILD)/bench/xlbench: $(call host_objs,bench/xlbench.c bench/kvm_floor.c)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

BENCH_TARGETS += $(BUILD)/bench/xlbench $(DIST)/boot/special-lifecycle
