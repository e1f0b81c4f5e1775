/* exasm-sample: Win64 SEH: longjmp (RtlUnwindEx) from a function a template calls, through the thunk's frame; and a template that faults inside a frame with pushes and saved xmm registers, walked back to its caller with RtlVirtualUnwind */
/* exasm-needs: gnu */
#include <stdio.h>
#include <windows.h>
#include <setjmp.h>

static jmp_buf env;

/* Called from a template: unwinds through the frame of the asm (the thunk's, under exasm) back to main. */
void __attribute__((noinline)) jump_out(void)
{
    longjmp(env, 42);
}

static int __attribute__((noinline)) thrower(void)
{
    int v = 0;
    asm volatile ("movl $1, %0\n\t"
                  "call %P1"
                  : "=&b" (v)
                  : "i" (jump_out)
                  : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rsi", "rdi", "r12",
                    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm9", "memory");
    return v;
}

static volatile int walked_to_caller;
static volatile DWORD64 caller_lo, caller_hi;

/* On the fault: unwind one frame from the faulting instruction with the unwind information of
   the function that holds it (the thunk under exasm, the caller itself under gcc), and check
   that the walk lands in the caller (or in the caller's caller for gcc, whose asm is inline);
   then skip the two-byte faulting instruction and carry on. */
static LONG CALLBACK on_fault(EXCEPTION_POINTERS *e)
{
    if (e->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    CONTEXT c = *e->ContextRecord;
    int frames = 0;
    while (frames < 4) {
        DWORD64 base;
        PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(c.Rip, &base, NULL);
        if (!f)
            break;
        void *data;
        DWORD64 frame;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, c.Rip, f, &c, &data, &frame, NULL);
        frames++;
        if (c.Rip >= caller_lo && c.Rip < caller_hi) {
            walked_to_caller = 1;
            break;
        }
    }
    e->ContextRecord->Rip += 2; /* movl (%rax), %eax: 8b 00 */
    return EXCEPTION_CONTINUE_EXECUTION;
}

static int __attribute__((noinline)) faulting(long long *p)
{
    int v;
    long long keep = 7;
    asm volatile ("xorl %%eax, %%eax\n\t"
                  "movl (%%rax), %%eax\n\t"
                  "movl $41, %0\n\t"
                  "incl %0\n\t"
                  "movq %2, (%1)"
                  : "=&r" (v)
                  : "r" (p), "r" (keep)
                  : "rax", "rbx", "rsi", "rdi", "r12", "r13", "xmm6", "xmm7", "memory");
    return v;
}

static int __attribute__((noinline)) caller(void)
{
    long long x = 0;
    int v = faulting(&x);
    return v + (int)x;
}

int main(void)
{
    caller_lo = (DWORD64)(void *)caller;
    caller_hi = caller_lo + 256;
    AddVectoredExceptionHandler(1, on_fault);
    volatile int r = setjmp(env);
    if (r == 0) {
        thrower();
        puts("not reached");
    } else {
        printf("longjmp through the asm frame: %d\n", r);
    }
    int v = caller();
    printf("result %d, unwound to the caller: %s\n", v, walked_to_caller ? "yes" : "no");
    return 0;
}
