/* expect: impossible constraint in 'asm' */
extern void ext(void);
void f(void)
{
    asm volatile("call %P0" :: "s"(ext));
}
