asm(".globl my_answer\n"
    ".type my_answer, @function\n"
    "my_answer:\n\t"
    "movl $42, %eax\n\t"
    "ret\n\t"
    ".size my_answer, .-my_answer");
int my_answer(void);
int f(void) { return my_answer(); }
