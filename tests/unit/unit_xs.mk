# (Named unit_xs.mk, not unit-xs.mk: "-" sorts before "." and this must
# come after unit.mk, which defines unit_test and XS_UNIT_SRCS.)
# xenstored unit tests beyond unit.mk's test_xs_protocol: they share the
# in-process harness (tests/unit/test_xs_harness.c).
XS_HARNESS := tests/unit/test_xs_harness.c
$(UNIT_DIR)/test_xs_protocol: $(call asan_objs,$(XS_HARNESS))
# persist.c opens its files through libxenctrl's run-directory helpers.
$(eval $(call unit_test,xs_conformance,$(XS_UNIT_SRCS) $(XS_HARNESS) tools/libs/ctrl/xc_rundir.c))
