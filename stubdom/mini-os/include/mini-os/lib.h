/* SPDX-License-Identifier: GPL-2.0-only */
/* lib.h: the small libc of mini-os: strings, formatting, numbers. */
#ifndef MINIOS_LIB_H
#define MINIOS_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096UL
#define VIRT_BASE 0xffffffff80000000UL

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *dst, const char *src, size_t n);
char *strstr(const char *hay, const char *needle);
char *strchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Value of "key=" in the kernel command line, copied into buf. */
bool cmdline_get(const char *key, char *buf, size_t len);
extern char kernel_cmdline[1024];

#define barrier() __asm__ __volatile__("" ::: "memory")
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#endif /* MINIOS_LIB_H */
