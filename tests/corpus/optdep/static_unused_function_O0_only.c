/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
/* gcc compiles an unused static function only at -O0, whatever -f[no-]omit-frame-pointer says. */
static void unused(void)
{
    asm("" : : "I"(100));
}

int main(void)
{
    return 0;
}
