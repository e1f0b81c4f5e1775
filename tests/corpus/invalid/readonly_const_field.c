/* expect: read-only member 'id' used as 'asm' output */
struct s { const int id; int v; };
void f(struct s *p)
{
    asm("movl $1, %0" : "=m"(p->id));
}
