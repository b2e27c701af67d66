# blkback's request parser, alone and fuzzed, under ASan and UBSan.
$(eval $(call unit_test,blkif_parse,tools/blkback/parse.c))
