/* stdarg.h for chibicc on x86-64 Linux.

   chibicc spills the argument registers of a variadic function into a
   136-byte local called __va_area__ whose layout is NOT the psABI one:
     +0  unsigned gp_offset   (8 * named GP args)
     +4  unsigned fp_offset   (48 + 8 * named FP args)   <- 8-byte stride
     +8  void *overflow_arg_area
     +16 void *reg_save_area  (= __va_area__ + 24)
     +24 rdi rsi rdx rcx r8 r9           (6 x 8 bytes)
     +72 xmm0..xmm7, low 8 bytes each    (8 x 8 bytes, not 16)
   A va_list built straight from that area works with chibicc's own va_arg
   but breaks glibc's vprintf & co. (which step fp_offset by 16) as soon as
   more than one double is passed in registers.

   This header therefore gives va_list an element that starts with the
   psABI header (gp_offset, fp_offset, overflow_arg_area, reg_save_area)
   followed by a private psABI-layout register save area (48 + 128 bytes);
   va_start converts chibicc's area into it.  The result can be passed to
   glibc's v*printf/v*scanf, and va_arg below also reads va_lists that come
   from gcc-compiled code.

   va_arg follows the psABI for integer, pointer, float and double
   arguments.  For the two cases where chibicc's own calls deviate from the
   psABI, va_arg follows chibicc's calls, so that variadic functions work
   when chibicc compiles both sides:
   - a struct/union of at most 16 bytes is taken from general registers
     only if chibicc's caller would have used them: it needs one register
     more than the psABI (gp_offset + 8 * eightbytes < 48, not <= 48);
     it is assumed to hold integers/pointers only (INTEGER class) -- a
     small struct with float/double members is read from the wrong place,
     since __builtin_reg_class cannot tell the two apart;
   - stack arguments are 8-byte aligned: chibicc does not 16-align a long
     double (or other 16-aligned type) in the stack argument area.
   Larger structs and long double come from the stack argument area.
   Consequence: a va_list coming from gcc-compiled code can disagree in
   those two cases, and glibc's printf("%Lg", ...) called by chibicc can
   misread a long double that follows an odd number of stack slots. */

#ifndef __EXASM_CHIBICC_VA_ELEM
#define __EXASM_CHIBICC_VA_ELEM
typedef struct {
  unsigned int gp_offset;
  unsigned int fp_offset;
  void *overflow_arg_area;
  void *reg_save_area;
  unsigned long __exasm_gpr[6];   /* psABI reg_save_area: GPRs at 0..47 */
  unsigned long __exasm_xmm[16];  /* xmm0..7 at 48..175, 16 bytes each  */
} __exasm_va_elem;
typedef __exasm_va_elem __gnuc_va_list[1];
#define __GNUC_VA_LIST 1
#endif

#if !defined(__need___va_list) && !defined(__EXASM_CHIBICC_STDARG_H)
#define __EXASM_CHIBICC_STDARG_H

typedef __exasm_va_elem va_list[1];
#define _VA_LIST_DEFINED

static inline void __exasm_va_start(__exasm_va_elem *ap, void *area) {
  unsigned int *hdr = (unsigned int *)area;
  unsigned long *gpr = (unsigned long *)((char *)area + 24);
  unsigned long *xmm = (unsigned long *)((char *)area + 72);
  int i;
  ap->gp_offset = hdr[0];
  ap->fp_offset = 48 + (hdr[1] - 48) * 2;
  ap->overflow_arg_area = *(void **)((char *)area + 8);
  for (i = 0; i < 6; i++)
    ap->__exasm_gpr[i] = gpr[i];
  for (i = 0; i < 8; i++) {
    ap->__exasm_xmm[2 * i] = xmm[i];
    ap->__exasm_xmm[2 * i + 1] = 0;
  }
  ap->reg_save_area = ap->__exasm_gpr;
}

static inline void __exasm_va_copy(__exasm_va_elem *d, __exasm_va_elem *s) {
  *d = *s;
  if (s->reg_save_area == (void *)s->__exasm_gpr)
    d->reg_save_area = d->__exasm_gpr;
}

/* klass: __builtin_reg_class: 0 integer/pointer, 1 float/double/long
   double, 2 struct/union */
static inline void *__exasm_va_arg(__exasm_va_elem *ap, int size, int align,
                                   int klass) {
  unsigned long p;
  if (klass == 0 && size <= 8 && ap->gp_offset <= 40) {
    p = (unsigned long)ap->reg_save_area + ap->gp_offset;
    ap->gp_offset += 8;
    return (void *)p;
  }
  if (klass == 2 && size <= 16 &&
      ap->gp_offset + (((unsigned)size + 7) / 8) * 8 < 48) {
    p = (unsigned long)ap->reg_save_area + ap->gp_offset;
    ap->gp_offset += (((unsigned)size + 7) / 8) * 8;
    return (void *)p;
  }
  if (klass == 1 && size <= 8 && ap->fp_offset <= 160) {
    p = (unsigned long)ap->reg_save_area + ap->fp_offset;
    ap->fp_offset += 16;
    return (void *)p;
  }
  (void)align;  /* chibicc keeps every stack argument 8-byte aligned */
  p = (unsigned long)ap->overflow_arg_area;
  ap->overflow_arg_area = (void *)(p + (((unsigned long)size + 7) & ~7UL));
  return (void *)p;
}

#define va_start(ap, ...) __exasm_va_start((ap), __va_area__)
#define va_arg(ap, ty)                                                   \
  (*(ty *)__exasm_va_arg((ap), sizeof(ty), _Alignof(ty),                 \
                         __builtin_reg_class(ty)))
#define va_copy(dest, src) __exasm_va_copy((dest), (src))
#define __va_copy(dest, src) __exasm_va_copy((dest), (src))
#define va_end(ap) ((void)(ap))

#endif

#undef __need___va_list
