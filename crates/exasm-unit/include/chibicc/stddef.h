/* stddef.h for chibicc (Debian's chibicc package ships no compiler headers).
   glibc includes this header with __need_size_t, __need_NULL, __need_wchar_t,
   __need_wint_t, __need_ptrdiff_t; defining everything (guarded) is fine. */
#ifndef __EXASM_CHIBICC_STDDEF_H
#define __EXASM_CHIBICC_STDDEF_H

typedef unsigned long size_t;
typedef long ptrdiff_t;
typedef int wchar_t;            /* signed 32-bit on x86-64 Linux, as in gcc */
typedef struct {
  long long __max_align_ll;
  long double __max_align_ld;   /* alignment 16 */
} max_align_t;

#undef NULL
#define NULL ((void *)0)

#define offsetof(type, member) ((size_t)&(((type *)0)->member))

#endif

#undef __need_size_t
#undef __need_ptrdiff_t
#undef __need_wchar_t
#undef __need_NULL
#undef __need_wint_t
