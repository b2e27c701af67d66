/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_cmdtable.c: the subcommands: name, function, whether it changes
 * state (a dry run, -N, stops those), and its help. The options are
 * Xen's xl's; the words are this project's (docs/man/xl.1.md).
 */
#include <string.h>

#include "xl.h"

#define FMT_HELP "--format json  print the listing, with runtime state, as JSON"

const struct cmd_spec cmd_table[] = {
    { "create", main_create, true,
      "Create a domain from a configuration file (xl.cfg or domain XML)",
      "[options] <ConfigFile> [key=value ...]",
      "-h                Print this help.\n"
      "-p                Leave the domain paused once it is built.\n"
      "-c                Attach to its console at once.\n"
      "-f FILE, --defconfig=FILE\n"
      "                  The configuration file (instead of the argument).\n"
      "-q, --quiet       Say nothing but errors.\n"
      "-n, --dryrun      Parse the configuration and print it as JSON; "
      "create nothing.\n"
      "-F, --foreground  Stay attached: monitor the domain from this "
      "process.\n"
      "-e                No monitor: on_* actions are not carried out.\n"
      "key=value         Settings applied after those of the file." },
    { "config-update", main_config_update, true,
      "Give a running domain the configuration it restarts with",
      "<Domain> <ConfigFile> [key=value ...]",
      "-h                Print this help.\n"
      "-f FILE           The configuration file (instead of the argument)." },
    { "list", main_list, false, "List information about all or some domains",
      "[options] [Domain ...]",
      "-l, --long        The configuration of each domain, as JSON.\n"
      "-v, --verbose     Add the UUID, shutdown reason and security label.\n"
      "-Z, --context     The same as -v.\n"
      "-c, --cpupool     Accepted: there is one CPU pool.\n"
      "-n, --numa        Add each domain's NUMA node affinity.\n" FMT_HELP },
    { "destroy", main_destroy, true, "Terminate a domain immediately",
      "[-f] <Domain>", "-f                Allow destroying domain 0." },
    { "shutdown", main_shutdown, true, "Ask a domain to shut down cleanly",
      "[options] <-a|Domain>",
      "-a, --all         Every domain but domain 0.\n"
      "-w, --wait        Wait until each domain has shut down.\n"
      "-F                A guest without the PV control interface is shut\n"
      "                  down from the hypervisor instead." },
    { "reboot", main_reboot, true, "Ask a domain to reboot",
      "[options] <-a|Domain>",
      "-a, --all         Every domain but domain 0.\n"
      "-w, --wait        Wait until each domain has gone down.\n"
      "-F                A guest without the PV control interface is\n"
      "                  rebooted from the hypervisor instead." },
    { "pause", main_pause, true, "Pause the execution of a domain", "<Domain>",
      "" },
    { "unpause", main_unpause, true, "Unpause a paused domain", "<Domain>",
      "" },
    { "console", main_console, false, "Attach to a domain's console",
      "[options] <Domain>",
      "-t <type>         The console type: pv (the only one here).\n"
      "-n <number>       The console number: 0 (the only one here).\n"
      "Ctrl-] leaves the console." },
    { "rename", main_rename, true, "Rename a domain", "<Domain> <NewName>",
      "" },
    { "dump-core", main_dump_core, true,
      "Write a domain's memory and vCPU state as an ELF core file",
      "<Domain> <filename>", "" },
    { "info", main_info, false, "Information about the host", "[-n] [-x] [key]",
      "-n, --numa        Add the CPU, device and NUMA topology.\n"
      "-x, --xenstore    Add what xenstored supports (xenstore_features).\n"
      "key               Print only this key's value.\n" FMT_HELP },
    { "dmesg", main_dmesg, false, "Read and/or clear the hypervisor's log",
      "[-c]", "-c                Clear the log after reading it." },
    { "top", main_top, false, "Monitor the host and its domains", "[options]",
      "-b, --batch       Batch mode: no screen control, one table per "
      "round.\n"
      "-i, --iterations N\n"
      "                  Stop after N rounds.\n"
      "-d, --delay N     Seconds between rounds (default 3)." },
    { "vcpu-list", main_vcpulist, false, "List the vCPUs of domains",
      "[Domain ...]", FMT_HELP },
    { "vcpu-pin", main_vcpupin, true, "Set which pCPUs a vCPU may run on",
      "[-f|--force] <Domain> <VCPU|all> <Hard affinity|-|all> "
      "[Soft affinity|-|all]",
      "-f, --force       Accepted for Xen's scripts." },
    { "vcpu-set", main_vcpuset, true, "Set how many vCPUs are online",
      "[option] <Domain> <vCPUs>",
      "-i, --ignore-host Do not compare the count with the host's pCPUs." },
    { "mem-set", main_memset, true, "Set a domain's balloon target",
      "<Domain> <MemKB[kmg]>", "" },
    { "mem-max", main_memmax, true, "Set the most memory a domain may hold",
      "<Domain> <MemKB[kmg]>", "" },
    { "sched-credit", main_sched_credit, true,
      "Get or set the credit scheduler's parameters", "[options]",
      "-d DOMAIN, --domain=DOMAIN     The domain to show or change.\n"
      "-w WEIGHT, --weight=WEIGHT     Its weight, 1 to 65535.\n"
      "-c CAP, --cap=CAP              Its cap in % of one pCPU (0: "
      "none).\n"
      "-s, --schedparam               The pool's parameters.\n"
      "-t TSLICE, --tslice_ms=TSLICE  The time slice, in ms.\n"
      "-r RLIMIT, --ratelimit_us=RLIMIT\n"
      "                               The rate limit, in us.\n"
      "-p CPUPOOL, --cpupool=CPUPOOL  The pool (only Pool-0 "
      "here).\n" FMT_HELP },
    { "domid", main_domid, false, "The id of a domain, given its name",
      "<DomainName>", "" },
    { "domname", main_domname, false, "The name of a domain, given its id",
      "<DomainId>", "" },
    { "uptime", main_uptime, false, "How long domains have been running",
      "[-s] [Domain ...]",
      "-s                Short form, as uptime(1) prints it.\n" FMT_HELP },
    { "vm-list", main_vm_list, false, "List the guests (UUID, id, name)", "",
      FMT_HELP },
    { "list-vm", main_vm_list, false, "The same as vm-list", "", FMT_HELP },
    { "block-attach", main_blockattach, true, "Give a domain a virtual disk",
      "<Domain> <disk-spec-component(s)>...",
      "The disk is described as in a disk= entry (xl-disk-configuration)." },
    { "block-list", main_blocklist, false, "List a domain's virtual disks",
      "<Domain(s)>", FMT_HELP },
    { "block-detach", main_blockdetach, true,
      "Take a virtual disk away from a domain", "[-f] <Domain> <DevId>",
      "-f                Remove it even if its backend does not close." },
    { "network-attach", main_networkattach, true,
      "Give a domain a network interface",
      "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] "
      "[script=<script>] [backend=<BackDomain>] [vifname=<name>] "
      "[rate=<rate>] [model=<model>]",
      "The interface is described as in a vif= entry "
      "(xl-network-configuration)." },
    { "network-list", main_networklist, false,
      "List a domain's network interfaces", "<Domain(s)>", FMT_HELP },
    { "network-detach", main_networkdetach, true,
      "Take a network interface away from a domain", "<Domain> <DevId|mac>",
      "" },
    { "domxml-from-xl", main_domxml_from_xl, false,
      "Convert an xl.cfg file to domain XML", "<ConfigFile|-> [key=value ...]",
      "-                 Read the configuration from standard input.\n"
      "key=value         Settings applied after those of the file.\n"
      "Settings domain XML cannot hold are named in a warning." },
    { "domxml-to-xl", main_domxml_to_xl, false,
      "Convert domain XML to an xl.cfg file", "<XMLFile|->",
      "-                 Read the XML from standard input." },
    { "help", main_help, false, "Print help about xl or one of its commands",
      "[command]", "" },
};

const unsigned int cmd_table_len = sizeof(cmd_table) / sizeof(cmd_table[0]);

const struct cmd_spec *cmd_lookup(const char *name)
{
    unsigned int i;

    for ( i = 0; i < cmd_table_len; i++ )
        if ( cmd_table[i].fn && !strcmp(cmd_table[i].name, name) )
            return &cmd_table[i];
    return NULL;
}
