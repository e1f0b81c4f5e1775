extern int ext_var;
long addr(void)
{
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "i"(&ext_var));
    return r;
}
