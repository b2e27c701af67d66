/* SPDX-License-Identifier: MIT */
/*
 * io/ring.h: shared request/response rings, the transport of every PV
 * device protocol.
 *
 * One shared page holds producer indexes for requests and responses, the
 * "event" indexes at which each side wants a notification, and an array
 * of slots that carry either a request or its response. Indexes run
 * freely (32-bit, wrapping); a slot is index & (size - 1), where size is
 * the largest power of two that fits in the page. Each side keeps a
 * private copy of its own producer (and its consumer) and publishes with
 * the PUSH macros, which also tell it whether the other side asked to be
 * notified. The consumer side must treat every shared index and request
 * as hostile: RING_COPY_REQUEST and the OVERFLOW checks are for that.
 *
 * DEFINE_RING_TYPES(name, req_t, rsp_t) defines union name##_sring_entry,
 * struct name##_sring (shared), struct name##_front_ring and
 * struct name##_back_ring (private).
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stddef.h>
#include <stdint.h>

/* Barriers: the includer may provide its own. */
#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

typedef unsigned int RING_IDX;

/* Round down to a power of two (for constant sizes). */
#define __RD2(_x)  (((_x) & 0x00000002) ? 0x2 : ((_x) & 0x1))
#define __RD4(_x)  (((_x) & 0x0000000c) ? __RD2((_x) >> 2) << 2 : __RD2(_x))
#define __RD8(_x)  (((_x) & 0x000000f0) ? __RD4((_x) >> 4) << 4 : __RD4(_x))
#define __RD16(_x) (((_x) & 0x0000ff00) ? __RD8((_x) >> 8) << 8 : __RD8(_x))
#define __RD32(_x) (((_x) & 0xffff0000) ? __RD16((_x) >> 16) << 16 : __RD16(_x))

/* Slots of type `name` that fit in `size` bytes after the header. */
#define __CONST_RING_SIZE(_s, _sz)                                           \
    (__RD32(((_sz) - offsetof(struct _s##_sring, ring)) /                    \
            sizeof(((struct _s##_sring *)0)->ring[0])))
#define __RING_SIZE(_s, _sz)                                                 \
    (__RD32(((_sz) - (long)(_s)->ring + (long)(_s)) / sizeof((_s)->ring[0])))

#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                          \
                                                                             \
union __name##_sring_entry {                                                 \
    __req_t req;                                                             \
    __rsp_t rsp;                                                             \
};                                                                           \
                                                                             \
struct __name##_sring {                                                      \
    RING_IDX req_prod, req_event;                                            \
    RING_IDX rsp_prod, rsp_event;                                            \
    union {                                                                  \
        struct {                                                             \
            uint8_t smartpoll_active;                                        \
        } netif;                                                             \
        struct {                                                             \
            uint8_t msg;                                                     \
        } tapif_user;                                                        \
        uint8_t pvt_pad[4];                                                  \
    } pvt;                                                                   \
    uint8_t __pad[44];                                                       \
    union __name##_sring_entry ring[1]; /* variable length */               \
};                                                                           \
                                                                             \
struct __name##_front_ring {                                                 \
    RING_IDX req_prod_pvt;                                                   \
    RING_IDX rsp_cons;                                                       \
    unsigned int nr_ents;                                                    \
    struct __name##_sring *sring;                                            \
};                                                                           \
                                                                             \
struct __name##_back_ring {                                                  \
    RING_IDX rsp_prod_pvt;                                                   \
    RING_IDX req_cons;                                                       \
    unsigned int nr_ents;                                                    \
    struct __name##_sring *sring;                                            \
};                                                                           \
                                                                             \
typedef struct __name##_sring __name##_sring_t;                              \
typedef struct __name##_front_ring __name##_front_ring_t;                    \
typedef struct __name##_back_ring __name##_back_ring_t

/* The frontend initialises the shared page. */
#define SHARED_RING_INIT(_s)                                                 \
    do {                                                                     \
        (_s)->req_prod = (_s)->rsp_prod = 0;                                 \
        (_s)->req_event = (_s)->rsp_event = 1;                               \
        (void)memset((_s)->pvt.pvt_pad, 0, sizeof((_s)->pvt.pvt_pad));       \
        (void)memset((_s)->__pad, 0, sizeof((_s)->__pad));                   \
    } while ( 0 )

#define FRONT_RING_ATTACH(_r, _s, _i, __size)                                \
    do {                                                                     \
        (_r)->req_prod_pvt = (_i);                                           \
        (_r)->rsp_cons = (_i);                                               \
        (_r)->nr_ents = __RING_SIZE(_s, __size);                             \
        (_r)->sring = (_s);                                                  \
    } while ( 0 )
#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)

#define BACK_RING_ATTACH(_r, _s, _i, __size)                                 \
    do {                                                                     \
        (_r)->rsp_prod_pvt = (_i);                                           \
        (_r)->req_cons = (_i);                                               \
        (_r)->nr_ents = __RING_SIZE(_s, __size);                             \
        (_r)->sring = (_s);                                                  \
    } while ( 0 )
#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

#define RING_SIZE(_r) ((_r)->nr_ents)

/* Requests the frontend may still queue. */
#define RING_FREE_REQUESTS(_r)                                               \
    (RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))
#define RING_FULL(_r) (RING_FREE_REQUESTS(_r) == 0)

#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r)                                 \
    ((_r)->sring->rsp_prod - (_r)->rsp_cons)

/* Never more than a ring's worth, whatever the other side claims. */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r)                                  \
    ({                                                                       \
        unsigned int req_ = (_r)->sring->req_prod - (_r)->req_cons;          \
        unsigned int rsp_ = RING_SIZE(_r) -                                  \
                            ((_r)->req_cons - (_r)->rsp_prod_pvt);           \
        req_ < rsp_ ? req_ : rsp_;                                           \
    })

#define RING_HAS_UNCONSUMED_RESPONSES(_r)                                    \
    (!!XEN_RING_NR_UNCONSUMED_RESPONSES(_r))
#define RING_HAS_UNCONSUMED_REQUESTS(_r)                                     \
    (!!XEN_RING_NR_UNCONSUMED_REQUESTS(_r))

#define RING_GET_REQUEST(_r, _idx)                                           \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].req))
#define RING_GET_RESPONSE(_r, _idx)                                          \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].rsp))

/*
 * Copy a request out of the shared ring before looking at it, so that
 * the frontend cannot change it between checks and use.
 */
#define RING_COPY_REQUEST(_r, _idx, _req)                                    \
    do {                                                                     \
        *(_req) = *(volatile __typeof__(_req))RING_GET_REQUEST(_r, _idx);    \
    } while ( 0 )
#define RING_COPY_RESPONSE(_r, _idx, _rsp)                                   \
    do {                                                                     \
        *(_rsp) = *(volatile __typeof__(_rsp))RING_GET_RESPONSE(_r, _idx);   \
    } while ( 0 )

/* The frontend claims more requests than it could have room for. */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons)                                \
    (((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod)                                \
    (((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod)                               \
    (((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

#define RING_PUSH_REQUESTS(_r)                                               \
    do {                                                                     \
        xen_wmb();                                                           \
        (_r)->sring->req_prod = (_r)->req_prod_pvt;                          \
    } while ( 0 )

#define RING_PUSH_RESPONSES(_r)                                              \
    do {                                                                     \
        xen_wmb();                                                           \
        (_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;                          \
    } while ( 0 )

/*
 * Publish, and set _notify if the consumer asked to be woken for an
 * index in the newly published range (old, new].
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify)                     \
    do {                                                                     \
        RING_IDX old_ = (_r)->sring->req_prod;                               \
        RING_IDX new_ = (_r)->req_prod_pvt;                                  \
        xen_wmb();                                                           \
        (_r)->sring->req_prod = new_;                                        \
        xen_mb();                                                            \
        (_notify) = ((RING_IDX)(new_ - (_r)->sring->req_event) <             \
                     (RING_IDX)(new_ - old_));                               \
    } while ( 0 )

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify)                    \
    do {                                                                     \
        RING_IDX old_ = (_r)->sring->rsp_prod;                               \
        RING_IDX new_ = (_r)->rsp_prod_pvt;                                  \
        xen_wmb();                                                           \
        (_r)->sring->rsp_prod = new_;                                        \
        xen_mb();                                                            \
        (_notify) = ((RING_IDX)(new_ - (_r)->sring->rsp_event) <             \
                     (RING_IDX)(new_ - old_));                               \
    } while ( 0 )

/*
 * Before sleeping, ask to be woken by the next item, then look once
 * more: an item published in between is not missed.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do)                       \
    do {                                                                     \
        (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                    \
        if ( _work_to_do )                                                   \
            break;                                                           \
        (_r)->sring->req_event = (_r)->req_cons + 1;                         \
        xen_mb();                                                            \
        (_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);                    \
    } while ( 0 )

#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do)                      \
    do {                                                                     \
        (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                   \
        if ( _work_to_do )                                                   \
            break;                                                           \
        (_r)->sring->rsp_event = (_r)->rsp_cons + 1;                         \
        xen_mb();                                                            \
        (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                   \
    } while ( 0 )

#endif /* __XEN_PUBLIC_IO_RING_H__ */
