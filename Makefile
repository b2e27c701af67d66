# Top-level build. Each component adds its targets in its own rules.mk;
# see docs/design/internals.md for the layout and conventions.

.DEFAULT_GOAL := all
SHELL := /bin/bash

include config/Paths.mk
include config/Toolchain.mk

# Components append to these.
ALL_TARGETS   :=
CHECK_TARGETS :=
BENCH_TARGETS :=

# Generic compile rules: host objects, ASan objects, guest objects.
$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(ASAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guest/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

host_objs  = $(patsubst %.c,$(BUILD)/host/%.o,$(1))
asan_objs  = $(patsubst %.c,$(ASAN)/%.o,$(1))
guest_objs = $(patsubst %.S,$(BUILD)/guest/%.o,$(patsubst %.c,$(BUILD)/guest/%.o,$(1)))

include xen/rules.mk
include tools/rules.mk
-include $(sort $(filter-out tools/rules.mk,$(wildcard tools/*.mk)))
include stubdom/rules.mk
include tests/rules.mk
include bench/rules.mk

.PHONY: all deps check run bench clean format
all: $(ALL_TARGETS)

# Install the Debian packages the build needs, only those missing.
deps:
	@scripts/install-deps.sh
	@scripts/fetch-linux.sh || echo "deps: Debian's kernel not fetched; the Linux tests will be skipped" >&2

check: deps
	$(MAKE) all $(CHECK_TARGETS)
	@tests/run-tests.sh

run: deps
	$(MAKE) all
	@scripts/run-demo.sh

bench: deps
	$(MAKE) all $(BENCH_TARGETS)
	@bench/run-bench.sh $(BENCH)

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(DIST)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
