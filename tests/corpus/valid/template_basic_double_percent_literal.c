/* basic asm is copied verbatim, so %% stays %% (an assembler comment makes it harmless) */
void f(void)
{
    asm("nop # 100%% literal");
}
