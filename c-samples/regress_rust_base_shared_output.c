/* exasm-sample: regression (difftest seed 404, program 3602): a late output in the register that holds a memory operand's address, rbx or rbp, which the Rust backend swaps with a stand-in; it declared the stand-in twice (rustc: "register conflicts with register") */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

struct s3602 { uint64_t a; uint32_t w; uint64_t b[4]; uint32_t v; uint64_t c; };
uint64_t *gp3602;
static void esc3602(uint64_t *x) { *x = *x * 0xa96bd851f324067bULL; gp3602 = x; }
static void (*volatile escf3602)(uint64_t *) = esc3602;

static void case_3602(void) {
  uint64_t a0[3] = { 0x85575e755cef22aeULL, 0x67955041cfef856eULL, 0x3a9f5f3c0de1f888ULL };
  uint64_t *volatile q0 = a0; uint64_t *p0 = q0;
  uint64_t a1[14] = { 0x56fc633ad5239cc6ULL, 0x14c7167e74953562ULL, 0xfb5bfd46759aa69aULL, 0xf8b46ce457fbd704ULL, 0x5aad30f663c986e2ULL, 0x23dceba7a56355c0ULL, 0x7ff2852816b32983ULL, 0x6357de9b7f2f673aULL, 0x3abc0d7ab9babe2dULL, 0x7a72e9772b09d779ULL, 0x9e9243aabd17abb4ULL, 0x7b4f5cee75a28913ULL, 0x270307dbf6962f8aULL, 0x2788a7b104452352ULL };
  uint64_t *volatile q1 = a1; uint64_t *p1 = q1;
  struct s3602 t2 = { 0xea6cdd504d1d6752ULL, 3939981608u, { 0x459aa9a74ab2bc47ULL, 0xe33572bcffb1aa8aULL, 0x9810e6320275639cULL, 0xc458e0dad2c368b6ULL }, 1502751293u, 0x3e9bb7221847be21ULL };
  struct s3602 *volatile q2 = &t2; struct s3602 *sp2 = q2;
  struct s3602 ls = { 0xed24ec216fad1bc0ULL, 3199017479u, { 0xbfb80ba16e873ef8ULL, 0x175ee5fba9b13e11ULL, 0x9da68f40b73504edULL, 0x3b6b32b97c280a83ULL }, 4185720290u, 0xfffffffffffffffeULL };
  uint64_t e = 0xfffffffffffffffdULL;
  escf3602(&e);
  volatile uint64_t iS = 0x3dace0844d21b8eeULL; uint64_t cnt = iS;
  volatile uint64_t iv7 = 0x7dea94ba1d8cd4a0ULL; uint64_t v7 = iv7;
  uint64_t o12;
  uint64_t o13;
  asm("movq %0, %%rax\n\txorq %%rax, %1\n\tmovq %2, %%rax\n\tmovq %0, %%r10\n\timulq %%r10, %%rax\n\tmovq %%rax, %[x3]\n\txorl %%r10d, %%r10d\n\tmovq %10, %%rax\n\tmulq %4\n\taddq %%r10, %%rax\n\tadcq $0, %%rdx\n\tmovq %%rax, %5\n\tmovq %%rdx, %%r10\n\tmovq %11, %%rax\n\tmulq %4\n\taddq %%r10, %%rax\n\tadcq $0, %%rdx\n\tmovq %%rax, %[x8]\n\tmovq %%rdx, %%r10\n\tmovq %12, %%rax\n\tmulq %4\n\taddq %%r10, %%rax\n\tadcq $0, %%rdx\n\tmovq %%rax, %7\n\tmovq %%rdx, %%r10\n\tmovq %13, %%rax\n\tmulq %4\n\taddq %%r10, %%rax\n\tadcq $0, %%rdx\n\tmovq %%rax, %3\n\tmovq %%rdx, %%r10\n\tmovq %%r10, %8\n\tmovq %%rdx, %9"
      : "+S"(cnt), "+m"(e), "+m"(p0[1]), [x3] "+m"(p1[7]), "+m"(p1[8]), "=m"(p1[4]), [x8] "+m"(p1[5]), "=m"(p1[6]), "=&rm"(o12), "=g"(o13)
      : "m"(sp2->c), [x7] "r"(v7), "m"(p1[12]), "m"(e)
      : "r10", "rax", "memory", "rdx");
  printf("c3602 p0:");
  for (unsigned i = 0; i < 3; i++) printf(" %llx", (unsigned long long)p0[i]);
  printf("\n");
  printf("c3602 p1:");
  for (unsigned i = 0; i < 14; i++) printf(" %llx", (unsigned long long)p1[i]);
  printf("\n");
  printf("c3602 sp2=%llx %x %llx %llx %llx %llx %x %llx\n", (unsigned long long)sp2->a, sp2->w, (unsigned long long)sp2->b[0], (unsigned long long)sp2->b[1], (unsigned long long)sp2->b[2], (unsigned long long)sp2->b[3], sp2->v, (unsigned long long)sp2->c);
  printf("c3602 ls=%llx %x %llx %llx %llx %llx %x %llx\n", (unsigned long long)ls.a, ls.w, (unsigned long long)ls.b[0], (unsigned long long)ls.b[1], (unsigned long long)ls.b[2], (unsigned long long)ls.b[3], ls.v, (unsigned long long)ls.c);
  printf("c3602 e=%llx %llx\n", (unsigned long long)e, (unsigned long long)*gp3602);
  printf("c3602 cnt=%llx\n", (unsigned long long)cnt);
  printf("c3602 o12=%llx\n", (unsigned long long)o12);
  printf("c3602 o13=%llx\n", (unsigned long long)o13);
}

typedef void (*case_fn)(void);
static case_fn volatile cases[] = {
  case_3602,
};

int main(void) {
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cases[i]();
    fflush(stdout);
  }
  return 0;
}
