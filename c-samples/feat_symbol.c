/* exasm-sample: symbol operands: "i"/"s"(&global) with %c %p %a, "i"(function) with %P, lea sym(%rip) by name, .quad %c in data */
#include <stdio.h>

int g_val = 5;
int g_arr[6] = { 0, 10, 20, 30, 40, 50 };
static long s_val = -77;

int g_fn(int x)
{
    return x + 1;
}

static int s_fn(int x)
{
    return x * 2;
}

int main(void)
{
    void *p;
    int v;
    long lv;

    asm ("lea %c1(%%rip), %0" : "=r" (p) : "i" (&g_val));
    printf("lea %%c(&g_val): same as &g_val: %d\n", p == (void *)&g_val);
    asm ("lea %a1, %0" : "=r" (p) : "i" (&g_val));
    printf("lea %%a(&g_val): same as &g_val: %d\n", p == (void *)&g_val);
    asm ("lea %p1(%%rip), %0" : "=r" (p) : "s" (&s_val));
    printf("lea %%p(&s_val) with \"s\": same as &s_val: %d\n", p == (void *)&s_val);

    asm ("movl %c1(%%rip), %0" : "=r" (v) : "i" (&g_val), "m" (g_val));
    printf("load through %%c: %d\n", v);
    asm ("movq %c1(%%rip), %0" : "=r" (lv) : "i" (&s_val), "m" (s_val));
    printf("load static through %%c: %ld\n", lv);

    /* symbol plus offset */
    asm ("movl %c1(%%rip), %0" : "=r" (v) : "i" (&g_arr[3]), "m" (g_arr));
    printf("g_arr[3] through %%c: %d\n", v);
    asm ("lea %c1(%%rip), %0" : "=r" (p) : "i" (&g_arr[5]));
    printf("&g_arr[5] through %%c: %d\n", p == (void *)&g_arr[5]);

    /* the symbol named directly in the template */
    asm ("lea g_val(%%rip), %0" : "=r" (p));
    printf("lea g_val(%%rip) by name: %d\n", p == (void *)&g_val);
    asm ("movl g_arr+8(%%rip), %0" : "=r" (v) : "m" (g_arr));
    printf("g_arr+8 by name: %d\n", v);

    /* functions: %P prints the bare name for a local-binding function */
    asm ("lea %P1(%%rip), %0" : "=r" (p) : "i" (g_fn));
    printf("lea %%P(g_fn): same as g_fn: %d\n", p == (void *)g_fn);
    asm ("lea %P1(%%rip), %0" : "=r" (p) : "i" (s_fn));
    printf("lea %%P(s_fn): same as s_fn: %d\n", p == (void *)s_fn);
    {
        int (*fp)(int);
        asm ("lea %P1(%%rip), %0" : "=r" (fp) : "i" (s_fn));
        printf("call through it: %d\n", fp(21));
    }

    /* a symbol as data: .quad %c in a private section */
    asm (".pushsection .data.rel.ro.exasm_sym,\"aw\"\n"
         ".balign 8\n"
         ".Lptr%=: .quad %c1\n"
         ".popsection\n\t"
         "movq .Lptr%=(%%rip), %0"
         : "=r" (p)
         : "i" (&g_arr[2]));
    printf(".quad %%c(&g_arr[2]): same: %d value: %d\n",
           p == (void *)&g_arr[2], *(int *)p);
    return 0;
}
