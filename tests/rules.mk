# Tests: each part adds its own tests/unit/*.mk and tests/guest/guest.mk;
# tests/run-tests.sh runs everything that was built.
-include $(sort $(wildcard tests/unit/*.mk))
-include tests/guest/guest.mk
-include $(sort $(filter-out tests/guest/guest.mk,$(wildcard tests/guest/*.mk)))
-include $(sort $(wildcard tests/integration/*.mk))
