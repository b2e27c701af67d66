/* SPDX-License-Identifier: MIT */
/*
 * xen.h: the core of the guest ABI: hypercall numbers, VIRQs, special
 * domain ids, the page-table and multicall operations, and the pages the
 * hypervisor shares with every guest (shared_info, vcpu_info) or hands
 * to a PV guest at boot (start_info).
 *
 * Project specifics (not Xen's, but chosen by the hypervisor as Xen
 * lets it): XEN_HYPERCALL_PORT is the I/O port the hypercall page stubs
 * use to reach the hypervisor, and XEN_SPECIAL_PFN_BASE the first frame
 * of each domain's hypervisor-owned frames (shared_info, grant table).
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "arch-x86/xen.h"

#define XEN_HYPERCALL_PORT   0x80
#define XEN_SPECIAL_PFN_BASE 0x4000000UL

/* Hypercall numbers. */
#define __HYPERVISOR_set_trap_table                0
#define __HYPERVISOR_mmu_update                    1
#define __HYPERVISOR_set_gdt                       2
#define __HYPERVISOR_stack_switch                  3
#define __HYPERVISOR_set_callbacks                 4
#define __HYPERVISOR_fpu_taskswitch                5
#define __HYPERVISOR_sched_op_compat               6
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8
#define __HYPERVISOR_get_debugreg                  9
#define __HYPERVISOR_update_descriptor            10
#define __HYPERVISOR_memory_op                    12
#define __HYPERVISOR_multicall                    13
#define __HYPERVISOR_update_va_mapping            14
#define __HYPERVISOR_set_timer_op                 15
#define __HYPERVISOR_event_channel_op_compat      16
#define __HYPERVISOR_xen_version                  17
#define __HYPERVISOR_console_io                   18
#define __HYPERVISOR_physdev_op_compat            19
#define __HYPERVISOR_grant_table_op               20
#define __HYPERVISOR_vm_assist                    21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                         23
#define __HYPERVISOR_vcpu_op                      24
#define __HYPERVISOR_set_segment_base             25
#define __HYPERVISOR_mmuext_op                    26
#define __HYPERVISOR_xsm_op                       27
#define __HYPERVISOR_nmi_op                       28
#define __HYPERVISOR_sched_op                     29
#define __HYPERVISOR_callback_op                  30
#define __HYPERVISOR_xenoprof_op                  31
#define __HYPERVISOR_event_channel_op             32
#define __HYPERVISOR_physdev_op                   33
#define __HYPERVISOR_hvm_op                       34
#define __HYPERVISOR_sysctl                       35
#define __HYPERVISOR_domctl                       36
#define __HYPERVISOR_kexec_op                     37
#define __HYPERVISOR_tmem_op                      38
#define __HYPERVISOR_argo_op                      39
#define __HYPERVISOR_xenpmu_op                    40
#define __HYPERVISOR_dm_op                        41
#define __HYPERVISOR_hypfs_op                     42
#define __HYPERVISOR_arch_0                       48
#define __HYPERVISOR_arch_1                       49
#define __HYPERVISOR_arch_2                       50
#define __HYPERVISOR_arch_3                       51
#define __HYPERVISOR_arch_4                       52
#define __HYPERVISOR_arch_5                       53
#define __HYPERVISOR_arch_6                       54
#define __HYPERVISOR_arch_7                       55
#define NR_HYPERCALLS                             64

/* Virtual interrupts. */
#define VIRQ_TIMER      0   /* per vCPU: timer expired */
#define VIRQ_DEBUG      1   /* per vCPU: debug key pressed */
#define VIRQ_CONSOLE    2   /* global: console input */
#define VIRQ_DOM_EXC    3   /* global: a domain shut down or died */
#define VIRQ_TBUF       4   /* global: trace buffer */
#define VIRQ_DEBUGGER   6   /* global */
#define VIRQ_XENOPROF   7   /* per vCPU */
#define VIRQ_CON_RING   8   /* global: console ring has data */
#define VIRQ_PCPU_STATE 9   /* global */
#define VIRQ_MEM_EVENT  10  /* global */
#define VIRQ_ARGO       11  /* global */
#define VIRQ_ENOMEM     12  /* global */
#define VIRQ_XENPMU     13  /* per vCPU */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/* mmu_update: the low 2 bits of ptr select the command. */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3
/* In the count of a continued mmu_update or mmuext_op: the top bit. */
#define MMU_UPDATE_PREEMPTED       (~(~0U >> 1))

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL     10
#define MMUEXT_INVLPG_ALL        11
#define MMUEXT_FLUSH_CACHE       12
#define MMUEXT_SET_LDT           13
#define MMUEXT_NEW_USER_BASEPTR  15
#define MMUEXT_CLEAR_PAGE        16
#define MMUEXT_COPY_PAGE         17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER        19
#define MMUEXT_UNMARK_SUPER      20

/* update_va_mapping flags. */
#define UVMF_NONE           0
#define UVMF_TLB_FLUSH      1
#define UVMF_INVLPG         2
#define UVMF_FLUSHTYPE_MASK 3
#define UVMF_MULTI          0
#define UVMF_LOCAL          0
#define UVMF_ALL            4

/* vm_assist. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict           32

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* Special domain ids. */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U
#define DOMID_IO             0x7FF1U
#define DOMID_XEN            0x7FF2U
#define DOMID_COW            0x7FF3U
#define DOMID_INVALID        0x7FF4U
#define DOMID_ANY            0x7FF5U
#define DOMID_IDLE           0x7FFFU
#define DOMID_MASK           0x7FFFU

/* start_info.flags */
#define SIF_PRIVILEGED      (1 << 0)
#define SIF_INITDOMAIN      (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2)
#define SIF_MOD_START_PFN   (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK         (0xFF << 8)

#define MAX_GUEST_CMDLINE 1024

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;
typedef uint8_t xen_domain_handle_t[16];

struct mmu_update {
    uint64_t ptr;   /* machine address of the PTE | command */
    uint64_t val;   /* new contents */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

struct mmuext_op {
    unsigned int cmd;
    union {
        xen_pfn_t mfn;              /* PIN_*, UNPIN, NEW_*BASEPTR, *_PAGE */
        unsigned long linear_addr;  /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int nr_ents;       /* SET_LDT */
        const void *vcpumask;       /* TLB_FLUSH_MULTI, INVLPG_MULTI */
        xen_pfn_t src_mfn;          /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

struct multicall_entry {
    xen_ulong_t op;
    xen_long_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Time as seen by one vCPU: system time (ns since boot) at the TSC value
 * tsc_timestamp, and the scale from TSC ticks to ns:
 *   ns = system_time + ((((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32)
 * (a negative tsc_shift shifts right). version is odd while the
 * hypervisor updates the record.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/*
 * Per-vCPU event state. The hypervisor sets evtchn_upcall_pending and a
 * bit of evtchn_pending_sel per word of shared_info.evtchn_pending that
 * has news; the guest clears upcall_pending before scanning.
 * evtchn_upcall_mask is the guest's "interrupts disabled" flag.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/* The page every domain shares with the hypervisor. */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;   /* wall clock at system time 0 */
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * Handed to a PV guest at boot (virtual address in rsi). Frame numbers
 * are machine frames; addresses marked virtual are in the boot mapping.
 */
struct start_info {
    char magic[32];             /* "xen-<version>-<platform>" */
    unsigned long nr_pages;     /* pages of RAM */
    unsigned long shared_info;  /* machine address of shared_info */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;        /* xenstore ring */
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;      /* console ring */
            uint32_t evtchn;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    unsigned long pt_base;      /* virtual address of the L4 table */
    unsigned long nr_pt_frames; /* boot page-table frames */
    unsigned long mfn_list;     /* virtual address of the p2m list */
    unsigned long mod_start;    /* virtual address (or pfn) of a module */
    unsigned long mod_len;
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn;
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_XEN_H__ */
