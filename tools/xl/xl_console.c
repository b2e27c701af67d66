/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_console.c: `xl console` (and `xl create -c`): attach the terminal to
 * the pty xenconsoled serves the domain's console on (its path is in
 * console/tty). Guest output on a terminal goes through term_filter
 * (tools/misc/term_filter.h), so that a guest cannot send escape
 * sequences to the administrator's terminal; into a file or pipe it is
 * copied byte for byte. Ctrl-] leaves; so does the domain's end.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../misc/term_filter.h"
#include "xl.h"

#define ESCAPE_CHAR 0x1d /* Ctrl-] */
#define TTY_WAIT_MS 10000
#define DOMAIN_CHECK_MS 500

static struct termios saved_tty;
static bool tty_saved;

static void restore_tty(void)
{
    if ( tty_saved )
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    tty_saved = false;
}

/* The user's terminal in raw mode while attached, as Xen's console does. */
static void raw_tty(void)
{
    struct termios t;

    if ( !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) )
        return;
    tty_saved = true;
    atexit(restore_tty);
    t = saved_tty;
    cfmakeraw(&t);
    /* Guests end lines with \n alone: the terminal still returns. */
    t.c_oflag |= OPOST | ONLCR;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
}

/* The console's pty in raw mode too: no echo, no line editing. */
static int open_pty(const char *path)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios t;

    if ( fd < 0 )
        return -1;
    if ( !tcgetattr(fd, &t) )
    {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while ( len )
    {
        ssize_t n = write(fd, buf, len);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return -1;
        buf += n;
        len -= n;
    }
    return 0;
}

struct console_out {
    bool filtered;
    struct term_filter tf;
};

static int copy_out(struct console_out *o, const char *buf, size_t len)
{
    char safe[TERM_FILTER_OUT_MAX(4096)];

    if ( !o->filtered )
        return write_all(STDOUT_FILENO, buf, len);
    return write_all(STDOUT_FILENO, safe,
                     term_filter_write(&o->tf, buf, len, safe));
}

static bool domain_alive(uint32_t domid)
{
    struct libxl_dominfo info;
    int rc = libxl_domain_info(ctx, &info, domid);

    return rc != ERROR_DOMAIN_NOTFOUND && !(rc == 0 && info.dying);
}

/* Copy until Ctrl-], the pty's hangup or the domain's end. */
static int copy_loop(int pty, uint32_t domid, struct console_out *o)
{
    char buf[4096];
    bool stdin_open = true;

    for ( ;; )
    {
        struct pollfd fds[2] = {
            { .fd = pty, .events = POLLIN },
            { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
        };
        int n = poll(fds, 2, DOMAIN_CHECK_MS);
        ssize_t got;

        if ( n < 0 && errno != EINTR )
            return XL_EXIT_FAIL;
        if ( n <= 0 )
        {
            if ( !domain_alive(domid) )
                return XL_EXIT_OK;
            continue;
        }
        if ( fds[0].revents & POLLIN )
        {
            got = read(pty, buf, sizeof(buf));
            if ( got > 0 && copy_out(o, buf, got) )
                return XL_EXIT_FAIL; /* our output went away */
            if ( got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN) )
                return XL_EXIT_OK;
        }
        else if ( fds[0].revents & (POLLHUP | POLLERR) )
            return XL_EXIT_OK; /* xenconsoled closed it: the domain went */
        if ( fds[1].revents & (POLLIN | POLLHUP) )
        {
            char *esc;

            got = read(STDIN_FILENO, buf, sizeof(buf));
            if ( got <= 0 )
            {
                stdin_open = false; /* keep showing output */
                continue;
            }
            esc = memchr(buf, ESCAPE_CHAR, got);
            if ( esc )
                got = esc - buf;
            if ( got && write_all(pty, buf, got) )
                return XL_EXIT_OK;
            if ( esc )
                return XL_EXIT_OK;
        }
    }
}

int console_attach(uint32_t domid, bool quiet)
{
    struct console_out out = { 0 };
    char *path = NULL, rest[TERM_FILTER_OUT_MAX(0)];
    bool utf8 = false;
    int rc, pty;

    (void)quiet;
    rc = libxl_console_wait_tty(ctx, domid, TTY_WAIT_MS, &path);
    if ( rc )
    {
        fprintf(stderr, "Unable to attach console of domain %u: %s\n", domid,
                libxl_strerror(rc));
        return exit_code_of(rc);
    }
    pty = open_pty(path);
    if ( pty < 0 )
    {
        fprintf(stderr, "Could not open tty `%s': %s\n", path,
                strerror(errno));
        free(path);
        return XL_EXIT_FAIL;
    }
    free(path);
    /* Nothing to keep connected while we copy. */
    libxl_ctx_idle(ctx);
    signal(SIGPIPE, SIG_IGN);
    out.filtered = term_filter_wanted(STDOUT_FILENO, &utf8);
    term_filter_init(&out.tf, utf8);
    raw_tty();
    rc = copy_loop(pty, domid, &out);
    if ( out.filtered )
        write_all(STDOUT_FILENO, rest, term_filter_finish(&out.tf, rest));
    restore_tty();
    close(pty);
    return rc;
}

int main_console(int argc, char **argv)
{
    static const struct option opts[] = { COMMON_LONG_OPTS };
    const char *type = "pv";
    long num = 0;
    int opt;

    SWITCH_FOREACH_OPT(opt, "n:t:", opts, "console", 1)
    {
    case 't':
        type = optarg;
        break;
    case 'n':
        num = strtol(optarg, NULL, 10);
        break;
    }
    if ( strcmp(type, "pv") )
    {
        fprintf(stderr, "console type %s is not supported: a PV domain has "
                        "only a pv console\n",
                type);
        return XL_EXIT_USAGE;
    }
    if ( num != 0 )
    {
        fprintf(stderr, "console %ld does not exist: a domain here has one "
                        "console, 0\n",
                num);
        return XL_EXIT_USAGE;
    }
    return console_attach(find_domain(argv[optind]), false);
}
