/* expect: expected ')' before '::' token */
int g;
asm("# %0" :: "m"(g));
