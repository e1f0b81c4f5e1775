/* Thread-local objects as memory operands (local exec, initial exec, static, C11, block scope),
   and their addresses as register or general operands. */
extern __thread int late;
extern __thread long elsewhere[4];
__thread long tl[4];
static __thread int st;
_Thread_local int c11;
long f(int i)
{
    static __thread int bs;
    long x;
    asm("movl %1, %k0" : "=r"(x) : "m"(late));
    asm("addq %1, %0" : "+r"(x) : "m"(elsewhere[3]));
    asm("addq %1, %0" : "+r"(x) : "m"(tl[2]));
    asm("incl %0" : "+m"(st));
    asm("incl %0" : "+m"(c11));
    asm("incl %0" : "+m"(bs));
    asm("addq %1, %0" : "+r"(x) : "m"(tl[i]));
    asm("addq %1, %0" : "+r"(x) : "g"(&tl[1]));
    asm("addq %1, %0" : "+r"(x) : "r"(&c11));
    return x;
}
__thread int late = 1;
