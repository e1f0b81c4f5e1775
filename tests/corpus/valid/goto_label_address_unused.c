int f(void)
{
    asm goto("" :::: never);
    return 0;
never:
    return 1;
}
