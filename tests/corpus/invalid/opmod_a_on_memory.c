/* expect: invalid 'asm': invalid constraints for operand */
int f(int x)
{
    asm("leaq %a0, %%rax" : "+m"(x) : : "rax");
    return x;
}
