# xen-netback's ring parsers (tools/netback/tx.c, rx.c) under ASan and
# UBSan, with fakes of the hypervisor's grant copy and the tap.
$(eval $(call unit_test,netback,tools/netback/tx.c tools/netback/rx.c))
