# Hypervisor benchmarks (make bench): bench/hypervisor.sh drives them.
BENCH_DIR := $(BUILD)/bench

$(BENCH_DIR)/hvbench: $(call host_objs,bench/hvbench.c bench/kvm_floor.c) $(TOOLS_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lpthread $(LIBXENGUEST_LDLIBS)

$(BENCH_DIR)/floor: $(call host_objs,bench/floor.c bench/kvm_floor.c)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

BENCH_TARGETS += $(BENCH_DIR)/hvbench $(BENCH_DIR)/floor $(DIST)/boot/special-bench \
                 $(DIST)/boot/special-pingpong
