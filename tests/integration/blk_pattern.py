#!/usr/bin/env python3
# blk_pattern.py IMAGE SEED[,SEED...] [--no-discard]: check in dom0 the
# pattern that tests/special/blk leaves on its disk: the same regions,
# the same words (each sector those of one of the seeds: a guest cut off
# in its next round may have overwritten some), the discarded region as
# zeros (blk=write only). Exit 0 if all match.
import struct
import sys

M = 0xFFFFFFFF


def word_at(sector, w, seed):
    x = ((sector * 2654435761) & M) ^ seed ^ ((w * 0x9E3779B9) & M)
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & M
    return x ^ (x >> 12)


def main():
    img = sys.argv[1]
    seeds = [int(x, 0) for x in sys.argv[2].split(",")]
    discard = "--no-discard" not in sys.argv[3:]
    with open(img, "rb") as f:
        data = f.read()
    sectors = len(data) // 512
    regions = [(0, 8), (8, 88), (96, 2048), (2144, 3), (sectors - 1, 1)]
    regions += [(4096 + 8 * i, 8) for i in range(32)]
    bad = 0
    for start, n in regions:
        for s in range(start, start + n):
            words = list(struct.unpack_from("<128I", data, s * 512))
            if not any(words == [word_at(s, w, seed) for w in range(128)]
                       for seed in seeds):
                print("mismatch at sector %d" % s)
                bad += 1
            if bad > 10:
                return 1
    if discard and data[8192 * 512:(8192 + 64) * 512] != bytes(64 * 512):
        print("the discarded region is not zeros")
        bad += 1
    checked = sum(n for _, n in regions)
    print("blk_pattern: %d sectors checked, %d bad" % (checked, bad))
    return 1 if bad else 0


sys.exit(main())
